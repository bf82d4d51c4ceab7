package io.flotilla.cluster;

import java.util.concurrent.CountDownLatch;

/**
 * A cluster pool's life: open, closing (one caller stops it), closed. Exactly one of the callers of {@link #begin()}
 * gets to stop the pool; the others wait for it with {@link #awaitStopped()}. Any thread may call.
 */
final class StopOnce
{
    enum State
    {
        OPEN,
        CLOSING,
        CLOSED
    }

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object lock = new Object();
    private volatile State state = State.OPEN;

    /** @return true for the one caller that stops the pool, which then calls {@link #finish()}. */
    boolean begin()
    {
        synchronized (lock)
        {
            if (State.OPEN != state)
            {
                return false;
            }
            state = State.CLOSING;
            return true;
        }
    }

    /** The pool has stopped: waiters return. */
    void finish()
    {
        state = State.CLOSED;
        stopped.countDown();
    }

    /** @throws IllegalStateException when nobody has begun to stop the pool: the wait would never end. */
    void join(final String clusterName) throws InterruptedException
    {
        if (State.OPEN == state)
        {
            throw new IllegalStateException("join() on an open cluster pool would wait for ever: call close() or " +
                "terminate() first (from any thread), then join(): clusterName=" + clusterName);
        }
        stopped.await();
    }

    /** Waits for the caller that stops the pool; an interrupt ends the wait and stays set. */
    void awaitStopped()
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

    /** @throws IllegalStateException naming the state, when the pool is no longer open. */
    void checkOpen(final String clusterName)
    {
        if (State.OPEN != state)
        {
            throw new IllegalStateException("cluster pool is " + state.name().toLowerCase() + ": clusterName=" +
                clusterName);
        }
    }

    State state()
    {
        return state;
    }
}
