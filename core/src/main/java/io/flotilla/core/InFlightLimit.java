package io.flotilla.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Back-pressure: at most {@code max} envelopes (tasks or chunks) sent and not yet answered. Taking room is a
 * compare-and-set on the fast path; a submitter that finds none waits as the caller decides ({@link LocalPool} runs
 * the pool's duty cycle meanwhile, so answers keep coming in). Thread-safe.
 */
final class InFlightLimit
{
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    InFlightLimit(final int max)
    {
        this.max = max;
    }

    /** @return whether room for one more envelope was taken. */
    boolean tryTake()
    {
        while (true)
        {
            final int current = inFlight.get();
            if (current >= max)
            {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1))
            {
                return true;
            }
        }
    }

    /** An envelope ended (answered, failed, timed out): its room is free. */
    void give()
    {
        inFlight.decrementAndGet();
    }

    int max()
    {
        return max;
    }

    int inFlight()
    {
        return inFlight.get();
    }
}
