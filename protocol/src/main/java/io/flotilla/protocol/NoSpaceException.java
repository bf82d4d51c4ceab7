package io.flotilla.protocol;

/**
 * The file system under a pool's files has no room for what a file needs next: a queue file's next bytes, a new
 * cycle file, the counters file. Thrown before anything is mapped over the missing room, so no process faults on it.
 * The message names the directory, the bytes needed and the bytes the file system has left for this user.
 */
public class NoSpaceException extends IpcException
{
    private static final long serialVersionUID = 1L;

    private final long needed;
    private final long usable;

    NoSpaceException(final String message, final long needed, final long usable, final Throwable cause)
    {
        super(message, cause);
        this.needed = needed;
        this.usable = usable;
    }

    /** @return bytes the file needed. */
    public long needed()
    {
        return needed;
    }

    /** @return bytes the file system had left for this user when the need was refused, or -1 when unknown. */
    public long usable()
    {
        return usable;
    }
}
