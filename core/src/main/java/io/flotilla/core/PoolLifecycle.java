package io.flotilla.core;

import java.util.concurrent.CountDownLatch;

/**
 * Where a pool is in its life: open, closing (draining, no new tasks), closed; whether a terminate was asked for;
 * the failure that ended it, if any; when the last result came. The first close or terminate owns the shutdown; the
 * others wait for {@link #awaitStopped()}.
 */
final class PoolLifecycle
{
    private enum State
    {
        OPEN, CLOSING, CLOSED
    }

    private final String poolId;
    private final Object lock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile State state = State.OPEN;
    /** A terminate was asked for: the shutdown kills the workers instead of letting them finish. */
    private volatile boolean terminating;
    private volatile RuntimeException failure;
    /** When the last result arrived (or the pool started): close() gives up after closeTimeout without one. */
    private volatile long lastProgressNs = System.nanoTime();

    PoolLifecycle(final String poolId)
    {
        this.poolId = poolId;
    }

    /**
     * Moves an open pool to closing.
     *
     * @param kill whether this is a terminate (it is remembered even when another call owns the shutdown).
     * @return whether the caller owns the shutdown: the first close or terminate.
     */
    boolean beginStop(final boolean kill)
    {
        synchronized (lock)
        {
            if (kill)
            {
                terminating = true;
            }
            final boolean owner = State.OPEN == state;
            if (owner)
            {
                state = State.CLOSING;
            }
            return owner;
        }
    }

    boolean terminating()
    {
        return terminating;
    }

    /** @return whether the pool took no new work any more and has shut down. */
    boolean isClosed()
    {
        return State.CLOSED == state;
    }

    /** @return whether nobody has begun to close or terminate the pool. */
    boolean isOpen()
    {
        return State.OPEN == state;
    }

    /** @return whether the pool is open or draining: its workers still run. */
    boolean isRunning()
    {
        return State.OPEN == state || State.CLOSING == state;
    }

    /** @return whether an envelope can still go out: not closed and not failed. */
    boolean canSend()
    {
        return State.CLOSED != state && null == failure;
    }

    /** @return the failure that ended the pool, or null. */
    RuntimeException failure()
    {
        return failure;
    }

    void fail(final RuntimeException cause)
    {
        failure = cause;
    }

    void progress(final long nowNs)
    {
        lastProgressNs = nowNs;
    }

    /** @return whether no result has come for longer than stallNs. */
    boolean stalled(final long stallNs, final long nowNs)
    {
        return nowNs - lastProgressNs > stallNs;
    }

    /** The shutdown has run: no task can be taken or sent any more, and waiting callers go on. */
    void closed()
    {
        state = State.CLOSED;
    }

    void stopped()
    {
        stopped.countDown();
    }

    void awaitStopped() throws InterruptedException
    {
        stopped.await();
    }

    void awaitStoppedUninterruptibly()
    {
        try
        {
            stopped.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** @throws IllegalStateException naming the pool when it has failed or is not open. */
    void checkOpen()
    {
        final RuntimeException cause = failure;
        if (null != cause)
        {
            throw new IllegalStateException("pool failed: poolId=" + poolId + ", cause=" + cause.getMessage());
        }
        final State current = state;
        if (State.OPEN != current)
        {
            throw new IllegalStateException("pool is " + current.name().toLowerCase() + ": poolId=" + poolId);
        }
    }
}
