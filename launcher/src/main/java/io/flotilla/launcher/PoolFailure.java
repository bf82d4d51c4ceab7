package io.flotilla.launcher;

/**
 * A pool's failure, set once: after it no worker is restarted. The message says what to do: the pool cannot take
 * tasks again, so its owner closes it and builds a new one.
 * <p>
 * Threads: {@link #fail} from the supervisor; {@link #get()} from any.
 */
final class PoolFailure
{
    private static final System.Logger LOGGER = System.getLogger(WorkerLauncher.class.getName());

    private final WorkerLauncher.Listener listener;
    private volatile WorkerStartException failure;

    PoolFailure(final WorkerLauncher.Listener listener)
    {
        this.listener = listener;
    }

    /**
     * Fails the pool for good and tells the listener, the first time only.
     *
     * @param detail appended after the advice, may be null.
     */
    void fail(final String reason, final String detail)
    {
        if (null != failure)
        {
            return;
        }
        failure = new WorkerStartException(reason + "; " + WorkerStartException.WHAT_TO_DO + (null == detail ? "" :
            detail));
        LOGGER.log(System.Logger.Level.ERROR, failure.getMessage());
        listener.onPoolFailure(failure);
    }

    /** @return why the pool failed, or null while restarts go on. */
    WorkerStartException get()
    {
        return failure;
    }
}
