package io.flotilla.bench.jmh;

import io.flotilla.protocol.codec.ValueCodec;
import io.flotilla.protocol.ChronicleQueues;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.PrivatePaths;
import io.flotilla.protocol.QueueWriter;
import io.flotilla.protocol.ResultEnvelope;
import io.flotilla.protocol.ResultTailer;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A result's way back: a worker's result envelope appended to a real results queue (ring, drain), then the parent's
 * side as the pool does it: tail the excerpt, find the pending task by id, decode the value, complete the future.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = "@jvm.flags")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResultBenchmark
{
    /** The item status a worker writes before a value (the runtime's ResultEncoding.ITEM_OK). */
    private static final byte ITEM_OK = 0;

    private final EnvelopeRing ring = new EnvelopeRing(1 << 16);
    private final ConcurrentHashMap<Long, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final ValueCodec.Cursor cursor = new ValueCodec.Cursor();
    private Path dir;
    private SingleChronicleQueue queue;
    private QueueWriter writer;
    private ResultTailer tailer;
    private long taskId;

    @Setup
    public void openQueue() throws IOException
    {
        dir = Files.createTempDirectory(PrivatePaths.ensureDirectory(PoolDirectory.defaultBase()), "jmh-results-");
        queue = ChronicleQueues.open(dir);
        writer = new QueueWriter("jmh-results", queue, ring, 256, null);
        writer.onStart();
        tailer = new ResultTailer(queue, this::complete, ResultTailer.DEFAULT_BATCH_LIMIT);
        tailer.onStart();
    }

    @TearDown
    public void closeQueue()
    {
        while (tailer.doWork() > 0)
        {
            // a tailer may first see a new queue file one cycle late: read what is left
        }
        tailer.onClose();
        writer.onClose();
        queue.close();
        PoolDirectory.deleteTree(dir);
        if (!pending.isEmpty())
        {
            throw new IllegalStateException("every result completes its future: pending=" + pending.size());
        }
    }

    /** One result written by the worker side and completed by the parent side. */
    @Benchmark
    public Object resultToCompletion()
    {
        final CompletableFuture<Object> future = new CompletableFuture<>();
        pending.put(++taskId, future);
        final int payload = 1 + ValueCodec.encodedLength(42);
        final int index = ring.tryClaim(EnvelopeDescriptor.RESULT_HEADER_LENGTH + payload);
        ResultEnvelope.encodeHeader(ring.buffer(), index, EnvelopeDescriptor.STATUS_OK, 0, 1, taskId, 0, 0, 1, -1,
            payload);
        ring.buffer().putByte(index + EnvelopeDescriptor.RESULT_HEADER_LENGTH, ITEM_OK);
        ValueCodec.encode(ring.buffer(), index + EnvelopeDescriptor.RESULT_HEADER_LENGTH + 1, 42);
        ring.commit(index);
        writer.doWork();
        tailer.doWork();
        return future.getNow(null);
    }

    private void complete(final ResultEnvelope result)
    {
        final CompletableFuture<Object> future = pending.remove(result.taskId());
        if (ITEM_OK != result.buffer().getByte(result.payloadOffset()))
        {
            throw new IllegalStateException("not a value: taskId=" + result.taskId());
        }
        future.complete(ValueCodec.decode(cursor.wrap(result.buffer(), result.payloadOffset() + 1)));
    }
}
