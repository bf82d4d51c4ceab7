package io.flotilla.protocol;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Agrona's back-off (spin, yield, park up to a short bound) while a pool is briefly idle, then, once nothing has
 * happened for {@code deepAfterNs}, parks of {@code deepParkNs}. A busy or briefly idle pool keeps the short bound's
 * wake-up delay; a pool idle for long costs a few wake-ups a second instead of a thousand, at the price of that
 * longer delay for the first task after the lull. Not thread-safe: one per thread.
 */
public final class TieredBackoffIdleStrategy implements IdleStrategy
{
    private final BackoffIdleStrategy backoff;
    private final long deepAfterNs;
    private final long deepParkNs;
    private long idleSinceNs;
    private boolean idle;

    public TieredBackoffIdleStrategy(
        final long maxSpins, final long maxYields, final long minParkNs, final long maxParkNs, final long deepAfterNs,
        final long deepParkNs)
    {
        this.backoff = new BackoffIdleStrategy(maxSpins, maxYields, minParkNs, maxParkNs);
        this.deepAfterNs = deepAfterNs;
        this.deepParkNs = deepParkNs;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        final long now = System.nanoTime();
        if (!idle)
        {
            idle = true;
            idleSinceNs = now;
        }
        if (now - idleSinceNs >= deepAfterNs)
        {
            LockSupport.parkNanos(deepParkNs);
        }
        else
        {
            backoff.idle();
        }
    }

    @Override
    public void reset()
    {
        idle = false;
        backoff.reset();
    }

    @Override
    public String alias()
    {
        return "tiered-backoff";
    }
}
