package io.flotilla;

import java.io.Serial;

/**
 * A task ended without a value for a reason other than its own exception: the worker running it died more often than
 * the pool retries, the pool was terminated, or the pool failed. The message names the task, the worker and the
 * cause.
 */
public final class TaskFailedException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    public TaskFailedException(final String message)
    {
        super(message);
    }
}
