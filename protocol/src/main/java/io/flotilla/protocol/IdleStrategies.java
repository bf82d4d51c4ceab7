package io.flotilla.protocol;

import io.flotilla.IdleMode;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The Agrona idle strategy of each {@link IdleMode}, with the back-off's tiers.
 */
public final class IdleStrategies
{
    /** Spins before the back-off strategy starts to yield; system property {@code flotilla.idle.spins}. */
    public static final long MAX_SPINS = Long.getLong("flotilla.idle.spins", 100);
    /**
     * Yields before the back-off strategy starts to park; system property {@code flotilla.idle.yields}. Yielding keeps
     * an idle thread responsive within microseconds while handing the core to any thread with work, which matters
     * when a pool has more I/O threads than the machine has cores.
     */
    public static final long MAX_YIELDS = Long.getLong("flotilla.idle.yields", 20_000);
    /** First park of the back-off strategy. */
    public static final long MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    /** Longest park of the back-off strategy: bounds the wake-up delay of a briefly idle pool. */
    public static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * Time without work after which the back-off strategy parks {@link #DEEP_PARK_NS} at a time; system property
     * {@code flotilla.idle.deepAfterMs}. A 1 ms park costs a wake-up a millisecond, 2-3% of a core here.
     */
    public static final long DEEP_AFTER_NS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("flotilla.idle.deepAfterMs", 100));
    /**
     * Park of a long-idle pool, which bounds the delay of its first task after a lull; system property
     * {@code flotilla.idle.deepParkMs} (1 turns the deep phase off).
     */
    public static final long DEEP_PARK_NS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("flotilla.idle.deepParkMs", 5));

    /**
     * With a shared bell: how long a thread without work spins and yields before it sleeps on the bell; system
     * property {@code flotilla.idle.hotUs}. Back-to-back work never waits for a wake-up within it. Measured here
     * (closed loop of no-op round trips, 2026-12-02): 200 us and 1 ms left p99 at 35-40 us, 5 ms at 8-11 us, the
     * same as yielding for ever; a thread woken by a timeout with no work sleeps again at once, so the window costs
     * CPU only after real work.
     */
    public static final long HOT_NS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("flotilla.idle.hotUs", 5_000));
    /**
     * With a shared bell: the longest sleep of an I/O thread, which bounds how late its timers (heartbeat, parent
     * watch) run; a ring wakes it at once. System property {@code flotilla.idle.bellSleepMs}.
     */
    public static final long BELL_SLEEP_NS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("flotilla.idle.bellSleepMs", 100));

    private IdleStrategies()
    {
    }

    /**
     * @return a new strategy instance for the mode; strategies hold state, so each thread needs its own.
     */
    public static IdleStrategy newIdleStrategy(final IdleMode mode)
    {
        return switch (mode)
        {
            case BACKOFF -> new TieredBackoffIdleStrategy(
                MAX_SPINS, MAX_YIELDS, MIN_PARK_NS, MAX_PARK_NS, DEEP_AFTER_NS, DEEP_PARK_NS);
            case BUSY_SPIN -> new BusySpinIdleStrategy();
        };
    }

    /**
     * @return a new strategy for a duty cycle woken by {@code doorbell}: in back-off mode, one that sleeps on the
     * doorbell's shared bell when it has one ({@link BellIdleStrategy}, at most {@code sleepNs} at a time), else the
     * back-off strategy around the doorbell; busy-spin never sleeps.
     */
    public static IdleStrategy newIdleStrategy(final IdleMode mode, final Doorbell doorbell, final long sleepNs)
    {
        if (IdleMode.BACKOFF == mode && null != doorbell.shared())
        {
            return new BellIdleStrategy(doorbell.shared(), MAX_SPINS, HOT_NS, sleepNs);
        }
        final IdleStrategy strategy = newIdleStrategy(mode);
        return IdleMode.BACKOFF == mode ? doorbell.around(strategy) : strategy;
    }
}
