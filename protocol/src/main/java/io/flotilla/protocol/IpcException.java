package io.flotilla.protocol;

/**
 * Misuse or a broken invariant in the shared-memory layer: a foreign or corrupt pool directory, a layout version
 * mismatch, a payload over the limit. The message names what was wrong with {@code name=value} detail.
 */
public class IpcException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public IpcException(final String message)
    {
        super(message);
    }

    public IpcException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
