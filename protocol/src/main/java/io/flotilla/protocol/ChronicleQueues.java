package io.flotilla.protocol;

import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;

/**
 * Opens the Chronicle queues of a pool directory, all with the same settings, so that every process maps them the
 * same way.
 */
public final class ChronicleQueues
{
    static
    {
        NoPhoneHome.ensure();
    }

    /** Size of one memory-mapped block of a queue file. */
    public static final long BLOCK_SIZE = 16L << 20;
    /**
     * How long a writer waits for the queue's cross-process write lock before it checks the holder: a holder that
     * died (kill -9 in the middle of an append) is unlocked then, so results flow again within this time. A live
     * holder is never unlocked: the waiting writer gets an exception and tries again. System property
     * {@code flotilla.queue.lockTimeoutMs}.
     */
    public static final long WRITE_LOCK_TIMEOUT_MS = Long.getLong("flotilla.queue.lockTimeoutMs", 300);

    /** Largest envelope one excerpt holds: Chronicle keeps a message within a quarter of a block. */
    public static final int MAX_EXCERPT_LENGTH = (int)(BLOCK_SIZE / 4);

    /** Chronicle's file of a queue's table store (write lock, cycle listing). */
    static final String METADATA_FILE = "metadata.cq4t";
    /** What Chronicle maps of it: one chunk and its overlap, {@code OS.SAFE_PAGE_SIZE} each. */
    static final long METADATA_LENGTH = 2L * net.openhft.chronicle.core.OS.SAFE_PAGE_SIZE;

    private ChronicleQueues()
    {
    }

    /**
     * Opens a queue for reading only, as a tool does: nothing is created or changed.
     *
     * @throws IpcException naming the path when there is no queue there.
     */
    public static SingleChronicleQueue openReadOnly(final Path dir)
    {
        ChronicleLogging.install();
        if (!java.nio.file.Files.isDirectory(dir))
        {
            throw new IpcException("no queue: path=" + dir);
        }
        return SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(RollCycles.FAST_DAILY)
            .blockSize(BLOCK_SIZE)
            .readOnly(true)
            .build();
    }

    /**
     * @param dir the queue's directory, created with mode 0700 if missing; an existing one must be this user's
     *            private directory, not a symbolic link ({@link PrivatePaths}).
     * @return the queue; close it before the pool directory is removed.
     * @throws IpcException naming the path, its owner and mode when the directory is not private.
     * @throws NoSpaceException naming the directory, the bytes needed and usable when its file system is full.
     */
    public static SingleChronicleQueue open(final Path dir)
    {
        ChronicleLogging.install();
        PrivatePaths.ensureDirectory(dir);
        // Chronicle maps a new metadata file sparse and writes its header at once: give it blocks first
        FileSpace.createBacked(dir.resolve(METADATA_FILE), METADATA_LENGTH, "queue metadata file");
        return SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(RollCycles.FAST_DAILY)
            .blockSize(BLOCK_SIZE)
            // the queues carry work between live processes; no msync on the hot path or at close
            .syncMode(SyncMode.NONE)
            .timeoutMS(WRITE_LOCK_TIMEOUT_MS)
            .build();
    }
}
