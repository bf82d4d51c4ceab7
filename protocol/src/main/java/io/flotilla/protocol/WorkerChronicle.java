package io.flotilla.protocol;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.posix.PosixAPI;

import java.nio.file.Path;

/**
 * What a worker JVM tells Chronicle before it first touches it, to start faster.
 * <p>
 * Chronicle's first use loads its native POSIX binding (JNR: byte-code stubs generated at run time and a
 * {@code ldconfig -p} child process), about a third of a worker's start-up on this project's reference machine. A
 * pool's queues never call it: they map with {@link net.openhft.chronicle.bytes.SyncMode#NONE}, and msync is the
 * only POSIX call on their path. So a worker uses Chronicle's no-op binding, unless
 * {@value #NATIVE_POSIX_PROPERTY}{@code =true} is set for the workers (for task code that uses Chronicle with
 * msync or another POSIX call of its own).
 * <p>
 * A spare worker JVM, started before a pool needs it, also runs {@link #warmUp}: the first queue a JVM opens costs
 * most of a worker's start-up (class loading and initialisation of Chronicle's core, queue and wire layers), and a
 * warm JVM opens a pool's queues in milliseconds.
 */
public final class WorkerChronicle
{
    /** System property that keeps Chronicle's native POSIX binding in worker JVMs. */
    public static final String NATIVE_POSIX_PROPERTY = "flotilla.worker.chronicleNativePosix";

    private WorkerChronicle()
    {
    }

    /**
     * Prepares Chronicle for a worker JVM; call it first thing in a worker's main, before any queue is opened.
     *
     * @return whether Chronicle's native POSIX binding was left on.
     */
    public static boolean prepare()
    {
        NoPhoneHome.ensure();
        if (Boolean.getBoolean(NATIVE_POSIX_PROPERTY))
        {
            return true;
        }
        PosixAPI.useNoOpPosixApi();
        return false;
    }

    /**
     * Does once, in a scratch directory, what a worker does on the way to its first task: maps a counters file and a
     * result ring, opens a queue, appends an excerpt and reads it back. The directory is removed afterwards.
     *
     * @param scratch a directory that does not exist yet; created (mode 0700) and removed.
     */
    public static void warmUp(final Path scratch)
    {
        try
        {
            PrivatePaths.ensureDirectory(scratch);
            try (CountersFile counters = CountersFile.create(scratch.resolve("counters.dat"), 1, 1, 64))
            {
                counters.state(1, ProcessState.STARTING);
            }
            final EnvelopeRing ring = new EnvelopeRing(EnvelopeRing.DEFAULT_CAPACITY);
            final int index = ring.tryClaim(Long.BYTES);
            ring.buffer().putLong(index, 1L);
            ring.commit(index);
            try (SingleChronicleQueue queue = ChronicleQueues.open(scratch.resolve("queue"));
                QueueSpace space = new QueueSpace(queue);
                ExcerptAppender appender = queue.createAppender();
                ExcerptTailer tailer = queue.createTailer())
            {
                // the cycle file, backed, before the append creates it (a full disk fails the warm-up, not the JVM)
                space.prepareCycle();
                appender.writeBytes(b -> b.writeLong(ring.size()));
                tailer.readBytes(b -> b.readLong());
            }
        }
        finally
        {
            PoolDirectory.deleteTree(scratch);
        }
    }
}
