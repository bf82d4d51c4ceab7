package io.flotilla.bench.jmh;

import io.flotilla.protocol.ChronicleQueues;
import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.DefineEnvelope;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.InFlightTable;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.PrivatePaths;
import io.flotilla.protocol.QueueWriter;
import io.flotilla.protocol.ShardClaimer;
import io.flotilla.protocol.TaskEnvelope;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A worker's claim of one task on a real shard queue and counters file: read the excerpt at the shard's cursor, write
 * the in-flight entry, compare-and-set the cursor, hand the task over. Measured together with the append that
 * produced the task (the claim alone is this minus {@code EnvelopeBenchmark.ringToQueue}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = "@jvm.flags")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClaimBenchmark
{
    private final EnvelopeRing ring = new EnvelopeRing(1 << 16);
    private Path dir;
    private CountersFile counters;
    private SingleChronicleQueue queue;
    private QueueWriter writer;
    private ShardClaimer claimer;
    private long taskId;
    private long claimed;

    @Setup
    public void openShard() throws IOException
    {
        dir = Files.createTempDirectory(PrivatePaths.ensureDirectory(PoolDirectory.defaultBase()), "jmh-claim-");
        counters = CountersFile.create(dir.resolve("counters.dat"), 1, 1, 64);
        counters.shardOf(1, 0);
        queue = ChronicleQueues.open(dir.resolve("shard-0"));
        writer = new QueueWriter("jmh-writer", queue, ring, 256, null);
        writer.onStart();
        final InFlightTable inFlight = counters.inFlightTable(1);
        claimer = new ShardClaimer(queue, counters, 0, 1, new ShardClaimer.Handler()
        {
            @Override
            public boolean hasCapacity()
            {
                return true;
            }

            @Override
            public void onTask(final TaskEnvelope task, final int inFlightIndex)
            {
                claimed += task.chunkLength();
                inFlight.remove(inFlightIndex); // answered at once: the table never fills
            }

            @Override
            public void onDefine(final DefineEnvelope define)
            {
            }
        }, ShardClaimer.DEFAULT_BATCH_LIMIT);
        claimer.onStart();
    }

    @TearDown
    public void closeShard()
    {
        while (claimer.doWork() > 0)
        {
            // a tailer may first see a new queue file one cycle late: claim what is left
        }
        claimer.onClose();
        writer.onClose();
        queue.close();
        counters.close();
        PoolDirectory.deleteTree(dir);
        if (claimed != taskId)
        {
            throw new IllegalStateException("every appended task is claimed once: appended=" + taskId +
                ", claimed=" + claimed);
        }
    }

    /** One task appended (ring, drain into the queue) and claimed by the worker side. */
    @Benchmark
    public int appendThenClaim()
    {
        EnvelopeBenchmark.appendTask(ring, ++taskId);
        writer.doWork();
        return claimer.doWork();
    }
}
