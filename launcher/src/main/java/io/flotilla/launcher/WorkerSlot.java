package io.flotilla.launcher;

import java.nio.file.Path;

/**
 * One slot of {@code counters.dat} (1-based) as the launcher sees it: its current worker process, its log, its
 * {@link SlotHistory}, and a restart the {@link RestartPolicy} put off.
 * <p>
 * Threads: written by the thread that starts the pool, then by the supervisor only; {@link #process()} and
 * {@link #kill(String)} from any thread.
 */
final class WorkerSlot
{
    private static final long NO_RESTART = Long.MIN_VALUE;

    private final int slot;
    private final int shard;
    private final Path log;
    private final SlotHistory history = new SlotHistory();
    private volatile WorkerProcess process;
    private volatile String killReason;
    private long startedEpochMs;
    private long restartAtNs = NO_RESTART;

    /**
     * @param shard the shard the slot's workers are bound to.
     * @param log   where the slot's workers' output goes.
     */
    WorkerSlot(final int slot, final int shard, final Path log)
    {
        this.slot = slot;
        this.shard = shard;
        this.log = log;
    }

    int slot()
    {
        return slot;
    }

    int shard()
    {
        return shard;
    }

    Path log()
    {
        return log;
    }

    SlotHistory history()
    {
        return history;
    }

    /** @return the current process, null before the first start. */
    WorkerProcess process()
    {
        return process;
    }

    /** @return why the pool killed the current process, null when it did not. */
    String killReason()
    {
        return killReason;
    }

    /** @return when the current process was started, by the epoch clock (heartbeats are epoch ms). */
    long startedEpochMs()
    {
        return startedEpochMs;
    }

    /** Records the slot's new process, a new JVM or a spare that took the slot. */
    void started(final WorkerProcess process, final long nowNs, final long nowEpochMs)
    {
        history.started(nowNs);
        startedEpochMs = nowEpochMs;
        restartAtNs = NO_RESTART;
        killReason = null;
        this.process = process;
        LifecycleEvents.started(slot, process.pid(), history.starts());
    }

    /** Kills the current process now, saying why for its death report; any thread. */
    void kill(final String reason)
    {
        killReason = reason;
        process.destroyForcibly();
    }

    /** Puts a restart off until {@code atNs}; the process stays dead (and reported) until then. */
    void restartAt(final long atNs)
    {
        restartAtNs = atNs;
    }

    /** @return whether a restart was put off and has not happened yet. */
    boolean awaitsRestart()
    {
        return NO_RESTART != restartAtNs;
    }

    /** @return whether a restart was put off and its time has come. */
    boolean restartDue(final long nowNs)
    {
        return awaitsRestart() && nowNs - restartAtNs >= 0;
    }

    /** Waits for the dead process's output to reach the log, then returns its last lines. */
    String lastOutput()
    {
        process.awaitOutput();
        return OutputPump.tail(log, OutputPump.LINES_IN_ERROR);
    }
}
