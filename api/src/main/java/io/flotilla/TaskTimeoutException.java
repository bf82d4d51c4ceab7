package io.flotilla;

import java.io.Serial;

/**
 * A task did not end before its deadline (submit time plus its timeout). The worker was told to interrupt it; a worker
 * that keeps the thread anyway is killed and replaced, and its other tasks are sent again.
 */
public final class TaskTimeoutException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    public TaskTimeoutException(final String message)
    {
        super(message);
    }

    /** @param cause what the worker reported when it stopped the task at its deadline. */
    public TaskTimeoutException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
