package io.flotilla.protocol;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Keeps the bytes a queue's appender and its readers are about to touch backed by real blocks ({@link FileSpace}),
 * so that a full file system fails an append with a {@link NoSpaceException} instead of faulting in a mapping.
 * <pre>
 *   cycle file   [ header, indexes | excerpts ... | last excerpt | AHEAD, backed | sparse (Chronicle's ftruncate) ]
 *                                                   ^ write position            ^ backed end
 * </pre>
 * Invariants, kept by every writer of the queue in every process:
 * <ul>
 *   <li>a cycle file exists only backed for its first {@link #NEW_FILE_LENGTH} bytes: a writer creates the files
 *       of this cycle and the next as {@code <name>.precreated}, which Chronicle renames to the cycle's name when it
 *       rolls to it ({@code PrecreatedFiles}), before any append that could make Chronicle create one;</li>
 *   <li>an excerpt of {@code length} bytes at {@code position} is appended only once
 *       {@code [position, position + length + AHEAD)} is backed: so the next header, an index array Chronicle adds
 *       after it, and the pages that readers and writers touch ahead ({@link PageToucher}, at most {@code 256 KiB}
 *       beyond the last excerpt) are always backed.</li>
 * </ul>
 * Zeros go only beyond the append's position, and only while the appender holds the queue's write lock: there no
 * process keeps data, and no other writer writes.
 * <p>
 * Threads: the appender's thread only.
 */
final class QueueSpace implements AutoCloseable
{
    /** Bytes kept backed beyond the end of the excerpt being appended. */
    static final long AHEAD = 512 << 10;
    /** Bytes backed at a time beyond what an append needs, so most appends need none. */
    static final long STEP = 512 << 10;
    /** Backed bytes of a new cycle file: Chronicle's header and first indexes (64 KiB here), and room to append. */
    static final long NEW_FILE_LENGTH = 1 << 20;

    private static final String PRECREATED_SUFFIX = ".precreated";
    private static final String QUEUE_FILE_SUFFIX = ".cq4";

    private final SingleChronicleQueue queue;
    private final DateTimeFormatter cycleFormat;
    private int preparedCycle = Integer.MIN_VALUE;
    private MappedFile file;
    private FileChannel channel;
    private long backedEnd;

    QueueSpace(final SingleChronicleQueue queue)
    {
        this.queue = queue;
        this.cycleFormat = DateTimeFormatter.ofPattern(queue.rollCycle().format()).withZone(ZoneOffset.UTC);
    }

    /**
     * Before an append (the write lock not held): the files of the current cycle and of the next exist, backed, or
     * wait as pre-created files, so the append does not make Chronicle create a sparse one.
     *
     * @throws NoSpaceException when one cannot be created.
     */
    void prepareCycle()
    {
        final int cycle = queue.cycle();
        if (cycle != preparedCycle)
        {
            precreate(cycle);
            precreate(cycle + 1);
            preparedCycle = cycle;
        }
    }

    /**
     * In an append, the write lock held, before the excerpt is written: backs what the excerpt and the bytes after
     * it need.
     *
     * @param bytes  the append's bytes, at the excerpt's first byte.
     * @param length the excerpt's length.
     * @throws NoSpaceException when the file system refuses; then append nothing (roll the document back).
     */
    void ensure(final Bytes<?> bytes, final long length)
    {
        final long position = bytes.writePosition();
        final MappedFile current = ((MappedBytes)bytes).mappedFile();
        if (current != file)
        {
            switchTo(current, position);
        }
        final long needed = position + length + AHEAD;
        if (needed > backedEnd)
        {
            final long from = Math.max(backedEnd, position);
            final long to = (needed + STEP + PageToucher.PAGE_SIZE - 1) & -PageToucher.PAGE_SIZE;
            FileSpace.back(channel, current.file().toPath(), from, to, "no room for the next bytes of a queue file");
            backedEnd = to;
        }
    }

    /**
     * @return how far the file {@code bytes} maps is known backed: a writer touches ahead no further. Zero for a
     * file this writer has not appended to.
     */
    long backedEnd(final Bytes<?> bytes)
    {
        return bytes instanceof MappedBytes mapped && mapped.mappedFile() == file ? backedEnd : 0;
    }

    @Override
    public void close()
    {
        closeChannel();
        file = null;
    }

    /** @return the file Chronicle will name the cycle's, given the queue's roll cycle (epoch 0, UTC). */
    Path cycleFile(final int cycle)
    {
        final Instant start = Instant.ofEpochMilli(queue.epoch() + cycle * (long)queue.rollCycle().lengthInMillis());
        return queue.file().toPath().resolve(cycleFormat.format(start) + QUEUE_FILE_SUFFIX);
    }

    private void precreate(final int cycle)
    {
        final Path target = cycleFile(cycle);
        if (!Files.exists(target))
        {
            final String name = target.getFileName().toString();
            FileSpace.createBacked(target.resolveSibling(
                name.substring(0, name.length() - QUEUE_FILE_SUFFIX.length()) + PRECREATED_SUFFIX), NEW_FILE_LENGTH, "queue file");
        }
    }

    private void switchTo(final MappedFile current, final long position)
    {
        closeChannel();
        final Path path = current.file().toPath();
        try
        {
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new IpcException("cannot open a queue file to back it: path=" + path + ", problem=" + ex, ex);
        }
        file = current;
        // what lies before the position (excerpts, Chronicle's indexes) was backed before it was written
        backedEnd = position;
    }

    private void closeChannel()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // the file stays as it is; nothing of this process is lost
            }
            channel = null;
        }
    }
}
