package io.flotilla.protocol;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

/**
 * Writes this process's heartbeat into its slot of {@code counters.dat} every interval; part of a process's I/O duty
 * cycle, so a heartbeat that stops means the duty cycle stopped (hung or dead), not just that a timer thread lives.
 */
public final class HeartbeatAgent implements Agent
{
    /** Default heartbeat interval, ms. */
    public static final long DEFAULT_INTERVAL_MS = 100;

    private final CountersFile counters;
    private final int slot;
    private final long intervalMs;
    private final EpochClock clock = SystemEpochClock.INSTANCE;
    private long lastBeatMs;

    public HeartbeatAgent(final CountersFile counters, final int slot, final long intervalMs)
    {
        this.counters = counters;
        this.slot = slot;
        this.intervalMs = intervalMs;
    }

    @Override
    public void onStart()
    {
        lastBeatMs = clock.time();
        counters.heartbeat(slot, lastBeatMs);
    }

    /**
     * @return always 0: a heartbeat is housekeeping, not work. Counting it as work would reset the duty cycle's idle
     * strategy every interval and keep an idle pool spinning and yielding (it cost 12% of a core per process).
     */
    @Override
    public int doWork()
    {
        final long now = clock.time();
        if (now - lastBeatMs >= intervalMs)
        {
            lastBeatMs = now;
            counters.heartbeat(slot, now);
        }
        return 0;
    }

    @Override
    public String roleName()
    {
        return "flotilla-heartbeat-" + slot;
    }
}
