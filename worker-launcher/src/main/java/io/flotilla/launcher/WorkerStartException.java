package io.flotilla.launcher;

/**
 * A worker JVM did not get ready: it exited, or the ready timeout passed. The message names the worker, the cause and
 * the worker's last output.
 */
public final class WorkerStartException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public WorkerStartException(final String message)
    {
        super(message);
    }
}
