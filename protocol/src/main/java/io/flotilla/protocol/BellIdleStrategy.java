package io.flotilla.protocol;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Spins, then yields until the thread has been idle for {@code hotNs} (or a yield shows that other threads want the
 * core), then sleeps on a {@link SharedBell} until a
 * ring or {@code sleepNs}: a thread with work keeps answering within a microsecond, and an idle one costs nothing
 * and wakes as soon as any process hands it work, instead of waking a few hundred times a second to look.
 * <p>
 * Going to sleep takes two idle calls: the first arms the bell and returns, so that the duty cycle looks for work once
 * more with the bell armed (the look the bell's protocol needs); the second sleeps, unless that look found work.
 * Not thread-safe: one per thread.
 */
public final class BellIdleStrategy extends WorkResetIdleStrategy
{
    /**
     * A yield that kept the thread off its core this long means other threads wanted the core (more runnable threads
     * than cores: a map keeping the parent busy while two workers wait); the thread then sleeps at once instead of
     * taking turns with them for the rest of its hot window. Property {@code flotilla.idle.contendedYieldUs}.
     */
    static final long CONTENDED_YIELD_NS =
        java.util.concurrent.TimeUnit.MICROSECONDS.toNanos(Long.getLong("flotilla.idle.contendedYieldUs", 200));

    private final SharedBell bell;
    private final long maxSpins;
    private final long hotNs;
    private final long sleepNs;
    private final NanoClock clock;
    /** Native memory for the kernel's timeout, made at the first sleep: most waits end hot and never need it. */
    private UnsafeBuffer timespec;
    private long spins;
    private boolean idle;
    private long idleSinceNs;
    private boolean armed;
    private int key;
    private long sleeps;

    public BellIdleStrategy(final SharedBell bell, final long maxSpins, final long hotNs, final long sleepNs)
    {
        this(bell, maxSpins, hotNs, sleepNs, SystemNanoClock.INSTANCE);
    }

    /**
     * @param maxSpins spins before the thread yields.
     * @param hotNs    time without work before the thread sleeps.
     * @param sleepNs  longest sleep: bounds the delay of work nobody rang for, and of the duty cycle's own timers.
     * @param clock    what tells how long the thread has been idle.
     */
    public BellIdleStrategy(
        final SharedBell bell, final long maxSpins, final long hotNs, final long sleepNs, final NanoClock clock)
    {
        this.bell = bell;
        Futex.warmUpInBackground(); // the thread's sleeps and its process's rings come after lulls: keep them compiled
        this.maxSpins = maxSpins;
        this.hotNs = hotNs;
        this.sleepNs = sleepNs;
        this.clock = clock;
    }

    /** @return sleeps on the bell so far, for tests and stats. */
    public long sleeps()
    {
        return sleeps;
    }

    @Override
    public void idle()
    {
        if (armed)
        {
            sleeps++;
            if (null == timespec)
            {
                timespec = SharedBell.newTimespec();
            }
            bell.await(key, sleepNs, timespec);
            bell.disarm();
            armed = false;
            return;
        }
        if (!idle)
        {
            idle = true;
            spins = 0;
            idleSinceNs = clock.nanoTime();
        }
        if (spins < maxSpins)
        {
            spins++;
            Thread.onSpinWait();
        }
        else if (clock.nanoTime() - idleSinceNs < hotNs)
        {
            final long beforeNs = clock.nanoTime();
            Thread.yield();
            if (clock.nanoTime() - beforeNs > CONTENDED_YIELD_NS)
            {
                // the yield gave the core away for long: other threads want it, so this one sleeps until rung
                idleSinceNs = Long.MIN_VALUE / 2;
            }
        }
        else
        {
            key = bell.arm();
            armed = true;
        }
    }

    @Override
    public void reset()
    {
        if (armed)
        {
            bell.disarm();
            armed = false;
        }
        idle = false;
    }

    @Override
    public String alias()
    {
        return "bell";
    }
}
