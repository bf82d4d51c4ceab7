package io.flotilla.ipc;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How a Flotilla I/O thread waits when it has nothing to do.
 * <p>
 * {@link #BACKOFF} is the default because a machine may have as few as two cores: it spins briefly, yields, then
 * parks for growing periods, so an idle pool costs little CPU. {@link #BUSY_SPIN} is the opt-in latency mode: each
 * I/O thread owns a core.
 */
public enum IdleMode
{
    /**
     * Spin, then yield, then park from {@link #MIN_PARK_NS} up to {@link #MAX_PARK_NS}; after {@link #DEEP_AFTER_NS}
     * without work, park {@link #DEEP_PARK_NS} at a time.
     */
    BACKOFF,
    /** Never give up the core. */
    BUSY_SPIN;

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
     * @return a new strategy instance; strategies hold state, so each thread needs its own.
     */
    public IdleStrategy newIdleStrategy()
    {
        return switch (this)
        {
            case BACKOFF -> new TieredBackoffIdleStrategy(
                MAX_SPINS, MAX_YIELDS, MIN_PARK_NS, MAX_PARK_NS, DEEP_AFTER_NS, DEEP_PARK_NS);
            case BUSY_SPIN -> new BusySpinIdleStrategy();
        };
    }

    /**
     * @param name a mode name, any case, {@code -} or {@code _} between words.
     * @return the mode.
     * @throws IllegalArgumentException naming the value and the choices.
     */
    public static IdleMode parse(final String name)
    {
        final String normalised = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final IdleMode mode : values())
        {
            if (mode.name().equals(normalised))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown idle mode: idleMode=" + name + ", expected one of backoff, busy-spin");
    }
}
