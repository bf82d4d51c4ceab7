package io.flotilla.protocol;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.locks.LockSupport;

/**
 * Agrona's back-off (spin, yield, park up to a short bound) while a pool is briefly idle, then, once nothing has
 * happened for {@code deepAfterNs}, parks of {@code deepParkNs}. A busy or briefly idle pool keeps the short bound's
 * wake-up delay; a pool idle for long costs a few wake-ups a second instead of a thousand, at the price of that
 * longer delay for the first task after the lull. Not thread-safe: one per thread.
 */
public final class TieredBackoffIdleStrategy extends WorkResetIdleStrategy
{
    private final BackoffIdleStrategy backoff;
    private final long deepAfterNs;
    private final long deepParkNs;
    private final NanoClock clock;
    private long idleSinceNs;
    private boolean idle;
    private long deepParks;

    public TieredBackoffIdleStrategy(
        final long maxSpins, final long maxYields, final long minParkNs, final long maxParkNs, final long deepAfterNs,
        final long deepParkNs)
    {
        this(maxSpins, maxYields, minParkNs, maxParkNs, deepAfterNs, deepParkNs, SystemNanoClock.INSTANCE);
    }

    /** @param clock what tells how long the thread has been idle (a test's own clock moves by hand). */
    public TieredBackoffIdleStrategy(
        final long maxSpins, final long maxYields, final long minParkNs, final long maxParkNs, final long deepAfterNs,
        final long deepParkNs, final NanoClock clock)
    {
        this.backoff = new BackoffIdleStrategy(maxSpins, maxYields, minParkNs, maxParkNs);
        this.deepAfterNs = deepAfterNs;
        this.deepParkNs = deepParkNs;
        this.clock = clock;
    }

    /** @return parks of the deep phase so far, for tests and stats. */
    public long deepParks()
    {
        return deepParks;
    }

    @Override
    public void idle()
    {
        final long now = clock.nanoTime();
        if (!idle)
        {
            idle = true;
            idleSinceNs = now;
        }
        if (now - idleSinceNs >= deepAfterNs)
        {
            deepParks++;
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
