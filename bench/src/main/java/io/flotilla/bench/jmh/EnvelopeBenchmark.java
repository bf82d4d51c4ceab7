package io.flotilla.bench.jmh;

import io.flotilla.protocol.codec.ValueCodec;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.TaskEnvelope;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The hot pieces of a task's way out: encoding a task envelope with an int argument, decoding it, and a ring
 * claim-encode-commit-drain cycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = "@jvm.flags")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EnvelopeBenchmark
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final TaskEnvelope task = new TaskEnvelope();
    private final ValueCodec.Cursor cursor = new ValueCodec.Cursor();
    private final EnvelopeRing ring = new EnvelopeRing(1 << 16);
    private int length;
    private long taskId;

    @Benchmark
    public int encodeTaskWithIntArgument()
    {
        final int end = ValueCodec.encode(buffer, EnvelopeDescriptor.TASK_HEADER_LENGTH, (int)taskId);
        length = TaskEnvelope.encodeHeader(buffer, 0, 0, 1, ++taskId, 1, 0, 0,
            end - EnvelopeDescriptor.TASK_HEADER_LENGTH);
        return length;
    }

    @Benchmark
    public void encodeThenDecodeTaskWithIntArgument(final Blackhole blackhole)
    {
        encodeTaskWithIntArgument();
        task.wrap(buffer, 0, length);
        blackhole.consume(task.taskId());
        blackhole.consume(ValueCodec.decode(cursor.wrap(buffer, task.payloadOffset())));
    }

    private java.nio.file.Path queueDir;
    private net.openhft.chronicle.queue.impl.single.SingleChronicleQueue queue;
    private io.flotilla.protocol.QueueWriter writer;

    @org.openjdk.jmh.annotations.Setup
    public void openQueue() throws java.io.IOException
    {
        queueDir = java.nio.file.Files.createTempDirectory(
            io.flotilla.protocol.PrivatePaths.ensureDirectory(io.flotilla.protocol.PoolDirectory.defaultBase()), "jmh-envelope-");
        queue = io.flotilla.protocol.ChronicleQueues.open(queueDir);
        writer = new io.flotilla.protocol.QueueWriter("jmh-writer", queue, ring, 256, null);
        writer.onStart();
    }

    @org.openjdk.jmh.annotations.TearDown
    public void closeQueue()
    {
        writer.onClose();
        queue.close();
        io.flotilla.protocol.PoolDirectory.deleteTree(queueDir);
    }

    /** A submitter's part (claim, encode, commit) and the I/O thread's part (drain into a Chronicle excerpt). */
    @Benchmark
    public int ringToQueue()
    {
        appendTask(ring, ++taskId);
        return writer.doWork();
    }

    /** A submitter's part: claim ring space, encode a task with an int argument in place, commit. */
    static void appendTask(final EnvelopeRing ring, final long taskId)
    {
        final int index = ring.tryClaim(EnvelopeDescriptor.TASK_HEADER_LENGTH + 5);
        TaskEnvelope.encodeHeader(ring.buffer(), index, 0, 1, taskId, 1, 0, 0, 5);
        ValueCodec.encode(ring.buffer(), index + EnvelopeDescriptor.TASK_HEADER_LENGTH, 42);
        ring.commit(index);
    }
}
