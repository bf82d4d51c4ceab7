package io.flotilla;

import java.io.Serial;

/**
 * A task threw in a worker. The stack trace is the worker's, the cause chain mirrors the remote cause chain, and
 * {@link #remoteClassName()} names the exception class thrown there (which need not exist in this JVM).
 */
public final class RemoteTaskException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;

    public RemoteTaskException(
        final String message,
        final String remoteClassName,
        final String remoteMessage,
        final StackTraceElement[] remoteStack,
        final RemoteTaskException cause)
    {
        super(message, cause);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        setStackTrace(remoteStack);
    }

    /** @return the class of the exception the task threw. */
    public String remoteClassName()
    {
        return remoteClassName;
    }

    /** @return its message, or null. */
    public String remoteMessage()
    {
        return remoteMessage;
    }
}
