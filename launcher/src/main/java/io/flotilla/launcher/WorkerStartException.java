package io.flotilla.launcher;

/**
 * A worker JVM did not get ready: it exited, or the ready timeout passed. The message names the worker, the cause and
 * the worker's last output.
 */
public final class WorkerStartException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Said by every pool failure: the launcher does not restart workers after one, so that a worker that cannot run
     * (a crash at every start, a corrupt {@code counters.dat}) does not restart for ever, and because the failed
     * pool's queues still hold tasks whose callers were told they failed, which a new worker would run again.
     */
    public static final String WHAT_TO_DO = "this pool will run no more tasks: close it and build a new pool (no " +
        "worker is restarted after a pool failure, and tasks already failed would run again in the old queues)";

    public WorkerStartException(final String message)
    {
        super(message);
    }
}
