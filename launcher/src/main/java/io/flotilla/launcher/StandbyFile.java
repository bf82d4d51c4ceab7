package io.flotilla.launcher;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The memory-mapped file through which a parent hands a spare worker JVM its place in a pool: a state word and the
 * worker's arguments. Layout: state (int) at 0, arguments length (int) at 4, arguments from 8 (UTF-8, each followed by
 * a NUL byte).
 * <p>
 * States only move forward, each by a compare-and-set, so an assignment racing with the spare's "warm" cannot be
 * lost: BOOTING to WARM (the spare), BOOTING or WARM to ASSIGNED or CANCELLED (the parent).
 */
final class StandbyFile implements AutoCloseable
{
    static final int BOOTING = 0;
    static final int WARM = 1;
    static final int ASSIGNED = 2;
    static final int CANCELLED = 3;

    /** File length: the arguments of a worker fit with room to spare. */
    static final int LENGTH = 64 * 1024;

    private static final int STATE_OFFSET = 0;
    private static final int ARGS_LENGTH_OFFSET = 4;
    private static final int ARGS_OFFSET = 8;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private StandbyFile(final Path path, final MappedByteBuffer mapped)
    {
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /** Creates a zeroed file (state BOOTING); the parent does this before it starts the spare. */
    static StandbyFile create(final Path path)
    {
        return new StandbyFile(path, IoUtil.mapNewFile(path.toFile(), LENGTH));
    }

    /** Maps an existing file; the spare does this. */
    static StandbyFile open(final Path path)
    {
        return new StandbyFile(path, IoUtil.mapExistingFile(path.toFile(), FileChannel.MapMode.READ_WRITE, "standby"));
    }

    Path path()
    {
        return path;
    }

    int state()
    {
        return buffer.getIntVolatile(STATE_OFFSET);
    }

    /** The spare is warm; false when it was already assigned or cancelled. */
    boolean warm()
    {
        return buffer.compareAndSetInt(STATE_OFFSET, BOOTING, WARM);
    }

    /**
     * Hands the spare its arguments.
     *
     * @return false when the spare was cancelled before.
     * @throws IllegalArgumentException when the arguments do not fit the file.
     */
    boolean assign(final List<String> args)
    {
        final StringBuilder joined = new StringBuilder();
        for (final String arg : args)
        {
            if (arg.indexOf('\0') >= 0)
            {
                throw new IllegalArgumentException("worker argument holds a NUL character: arg=" + arg);
            }
            joined.append(arg).append('\0');
        }
        final byte[] bytes = joined.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > LENGTH - ARGS_OFFSET)
        {
            throw new IllegalArgumentException("worker arguments too long for a spare: bytes=" + bytes.length +
                ", max=" + (LENGTH - ARGS_OFFSET));
        }
        buffer.putBytes(ARGS_OFFSET, bytes);
        buffer.putInt(ARGS_LENGTH_OFFSET, bytes.length);
        return moveTo(ASSIGNED);
    }

    /** Tells the spare to exit; false when it was already assigned. */
    boolean cancel()
    {
        return moveTo(CANCELLED);
    }

    /** @return the arguments; valid once the state is ASSIGNED. */
    List<String> args()
    {
        final byte[] bytes = new byte[buffer.getInt(ARGS_LENGTH_OFFSET)];
        buffer.getBytes(ARGS_OFFSET, bytes);
        final String joined = new String(bytes, StandardCharsets.UTF_8);
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.substring(0, joined.length() - 1).split("\0", -1));
    }

    private boolean moveTo(final int target)
    {
        while (true)
        {
            final int state = state();
            if (ASSIGNED == state || CANCELLED == state)
            {
                return false;
            }
            if (buffer.compareAndSetInt(STATE_OFFSET, state, target))
            {
                return true;
            }
        }
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
