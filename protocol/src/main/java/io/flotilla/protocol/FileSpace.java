package io.flotilla.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Gives ranges of a file real blocks before anything maps them, by writing zeros through the file's channel.
 * <p>
 * A file extended by {@code ftruncate} (as Chronicle and {@code FileChannel.map} extend theirs) is sparse: its new
 * pages have no blocks yet, and the first store into such a page through a mapping makes the file system find one.
 * When it has none (a full tmpfs or disk) the store raises SIGBUS, which the JVM turns into an
 * {@link InternalError} for some accesses and dies of for others (a compare-and-set in Chronicle's
 * {@code writeFirstHeader}). A write through the channel instead fails with an {@link IOException} and leaves the
 * process alive: after it succeeds, stores into those pages never fault for want of room.
 * <p>
 * Zeros are written only where no process keeps data: beyond the end of a new file, or beyond where a queue's
 * writer, holding the queue's write lock, is about to append ({@link QueueSpace}).
 */
final class FileSpace
{
    /** Zeros written per call. */
    private static final int ZEROS_LENGTH = 64 << 10;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZEROS_LENGTH).asReadOnlyBuffer();

    private FileSpace()
    {
    }

    /**
     * Writes zeros over {@code [from, to)} of the file.
     *
     * @param what what the bytes are for, for the exception's message.
     * @throws NoSpaceException when the file system refuses the blocks.
     */
    static void back(final FileChannel channel, final Path file, final long from, final long to, final String what)
    {
        long position = from;
        try
        {
            while (position < to)
            {
                final ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int)Math.min(ZEROS_LENGTH, to - position));
                position += channel.write(zeros, position);
            }
        }
        catch (final IOException ex)
        {
            throw noSpace(what, file, to - from, ex);
        }
    }

    /**
     * Creates {@code target} with {@code length} zero bytes, all backed, or does nothing when it exists. Other
     * processes never see it partly written: the zeros go to a private file first, which is then linked to the
     * target's name (a link, unlike a rename, never replaces a file another process created meanwhile).
     *
     * @param what what the file is, for the exception's message.
     * @return whether this call created it.
     * @throws NoSpaceException when the file system refuses the blocks.
     */
    static boolean createBacked(final Path target, final long length, final String what)
    {
        if (Files.exists(target))
        {
            return false;
        }
        final Path scratch = target.resolveSibling(
            target.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId() +
            ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(scratch, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE))
            {
                back(channel, target, 0, length, "no room for a new " + what);
            }
            PoolDirectory.setOwnerOnly(scratch);
            Files.createLink(target, scratch);
            return true;
        }
        catch (final FileAlreadyExistsException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            throw new IpcException("cannot create a " + what + ": path=" + target + ", problem=" + ex, ex);
        }
        finally
        {
            try
            {
                Files.deleteIfExists(scratch);
            }
            catch (final IOException ignore)
            {
                // the pool directory's removal takes it
            }
        }
    }

    /**
     * @return the exception for a refused need, naming the directory, the bytes needed and the bytes usable.
     */
    static NoSpaceException noSpace(final String what, final Path file, final long needed, final Throwable cause)
    {
        final Path dir = null == file.getParent() ? file : file.getParent();
        final long usable = usableSpace(dir);
        return new NoSpaceException(what + ": dir=" + dir + ", file=" +
            file.getFileName() + ", needed=" + needed + ", usable=" + usable + ", problem=" + cause, needed, usable,
            cause);
    }

    /** @return bytes this user may still write under {@code dir}, or -1 when the file system does not say. */
    static long usableSpace(final Path dir)
    {
        try
        {
            return Files.getFileStore(dir).getUsableSpace();
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }
}
