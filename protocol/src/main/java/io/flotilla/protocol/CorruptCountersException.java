package io.flotilla.protocol;

import java.nio.file.Path;

/**
 * A value read from {@code counters.dat} is out of its range: the file was overwritten by something other than the
 * pool's own processes. The message names the file, the field and the value found; restarting a worker cannot fix
 * it, the pool has to be built anew.
 */
public final class CorruptCountersException extends IpcException
{
    private static final long serialVersionUID = 1L;

    private CorruptCountersException(final String message)
    {
        super(message);
    }

    /**
     * @param file     the counters file.
     * @param field    which field, e.g. {@code "slot 2 state"}.
     * @param found    the value read.
     * @param expected what the field may hold, e.g. {@code "0..4"}.
     */
    public static CorruptCountersException of(final Path file, final String field, final Object found, final String expected)
    {
        return new CorruptCountersException("corrupt counters file: path=" + file + ", field=" + field + ", found=" +
            found + ", expected=" + expected);
    }
}
