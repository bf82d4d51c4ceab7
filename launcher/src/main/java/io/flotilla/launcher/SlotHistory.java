package io.flotilla.launcher;

/**
 * What the restart policy knows of one slot: how often a worker was started there, how many of the last starts in a
 * row died before they were ready, when the last one started, and whether the current one is ready.
 * <p>
 * Threads: written by the thread that starts the pool, then by the supervisor only (the supervisor thread's start
 * orders the hand-over).
 */
final class SlotHistory
{
    private int starts;
    private int consecutiveFailedStarts;
    private long lastStartNs;
    private boolean ready;

    /** A worker was started in the slot now. */
    void started(final long nowNs)
    {
        starts++;
        lastStartNs = nowNs;
        ready = false;
    }

    /** The slot's worker is ready: its start succeeded, so the failed starts before it no longer count. */
    void ready()
    {
        ready = true;
        consecutiveFailedStarts = 0;
    }

    /**
     * The slot's worker died before it was ready.
     *
     * @return failed starts in a row, this one included.
     */
    int failedStart()
    {
        return ++consecutiveFailedStarts;
    }

    int starts()
    {
        return starts;
    }

    int consecutiveFailedStarts()
    {
        return consecutiveFailedStarts;
    }

    long lastStartNs()
    {
        return lastStartNs;
    }

    boolean isReady()
    {
        return ready;
    }

    @Override
    public String toString()
    {
        return "SlotHistory{starts=" + starts + ", consecutiveFailedStarts=" + consecutiveFailedStarts +
            ", lastStartNs=" + lastStartNs + ", ready=" + ready + "}";
    }
}
