package io.flotilla.launcher;

import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.PoolDirectory;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a pool's worker JVMs, watches them, restarts them, and stops them. Worker {@code w} (slot {@code w} of
 * {@code counters.dat}, 1-based) is bound to shard {@code (w - 1) % shards}. Its output goes to
 * {@code worker-<w>.log} in the pool directory and to the parent's {@code System.Logger}. Readiness is the READY
 * state the worker writes in its slot, never a sleep.
 * <p>
 * After {@link #start} returns, a supervisor thread ({@link SupervisorAgent} on a {@link SupervisorThread}) watches
 * every worker: a process that ended ({@link Process#isAlive()}, fed by the JDK's reaper) or a ready worker whose
 * heartbeat is older than the hung timeout (killed first) is reported to the {@link Listener} <em>before</em> its slot
 * is reset, so the listener can read the slot's in-flight table, and is then restarted in the same slot. A slot whose
 * worker dies before it is ready {@code maxStartFailures} times in a row, or more than {@code maxRestartsPerWindow}
 * restarts a minute, fails the pool instead of looping ({@link RestartPolicy}): the listener hears
 * {@link Listener#onPoolFailure} once and restarts stop. The same budget holds while the pool starts
 * ({@link ReadyWait}): a worker that dies before it is ready (killed, say) is started again, and the start fails only
 * once a slot used up {@code maxStartFailures}.
 * <p>
 * Everything read back from {@code counters.dat} is checked ({@link CountersCheck}); a value out of range fails the
 * pool with the file and field named, and so does a worker that left because it found the file corrupt (state
 * FAILED): restarting cannot mend the file. The parent never decides from its own slot in the file: it knows its
 * state from memory ({@link CountersFile#writtenState}).
 * <p>
 * Workers are started by {@link JvmWorkerStarter}; their processes are {@link WorkerProcess}es, stopped by
 * {@link WorkerStop}.
 * <p>
 * Threads: {@link #start} and {@link #close} belong to the pool's owner; listener calls come on the supervisor thread.
 */
public final class WorkerLauncher implements AutoCloseable
{
    /** Told what happens to workers; called on the supervisor thread, must not block for long. */
    public interface Listener
    {
        /**
         * A worker ended while the pool was open. Its slot, in-flight table included, is reset after this returns,
         * and a new worker is started in it unless the pool failed.
         */
        default void onWorkerDeath(final WorkerDeath death)
        {
        }

        /** A restarted worker is ready again. */
        default void onWorkerRestarted(final int slot, final long pid)
        {
        }

        /** Restarts are exhausted; no more will happen. */
        default void onPoolFailure(final WorkerStartException failure)
        {
        }
    }

    private final PoolDirectory directory;
    private final LaunchConfig config;
    private final SpareWorkers spares;
    private final WorkerSlot[] slots;
    private final WorkerStarter starter;
    private final ReadyWait readyWait;
    private final SupervisorAgent agent;
    private volatile SupervisorThread supervisor;
    private boolean closed;

    private WorkerLauncher(
        final PoolDirectory directory,
        final CountersFile counters,
        final LaunchConfig config,
        final Listener listener,
        final SpareWorkers spares)
    {
        final NanoClock nanoClock = SystemNanoClock.INSTANCE;
        final EpochClock epochClock = SystemEpochClock.INSTANCE;
        final RestartPolicy policy = RestartPolicy.of(config);
        this.directory = directory;
        this.config = config;
        this.spares = spares;
        this.slots = new WorkerSlot[config.workers()];
        for (int i = 0; i < slots.length; i++)
        {
            final int slot = i + 1;
            slots[i] = new WorkerSlot(slot, (slot - 1) % counters.shardCount(), logFile(slot));
        }
        this.starter = new JvmWorkerStarter(directory, counters, config, spares, nanoClock, epochClock);
        this.readyWait = new ReadyWait(counters, config, policy, starter, nanoClock);
        this.agent = new SupervisorAgent(
            counters, config, slots, policy, starter, listener, this::refillSpares, nanoClock, epochClock);
    }

    /**
     * Starts every worker, waits until all are ready, then starts supervising them.
     *
     * @param listener told about deaths, restarts and failure; may be a no-op.
     * @throws WorkerStartException when one exits or is not ready in time; every started worker is then stopped.
     */
    public static WorkerLauncher start(
        final PoolDirectory directory, final CountersFile counters, final LaunchConfig config, final Listener listener)
    {
        final WorkerLauncher launcher = launch(directory, counters, config, listener);
        launcher.awaitReady();
        return launcher;
    }

    /**
     * Starts every worker without waiting: the caller does other start-up work while they boot, then calls
     * {@link #awaitReady()}.
     */
    public static WorkerLauncher launch(
        final PoolDirectory directory, final CountersFile counters, final LaunchConfig config, final Listener listener)
    {
        return launch(directory, counters, config, listener, null);
    }

    /**
     * Starts every worker without waiting, from warm spare JVMs while {@code spares} has any that fit, the rest as new
     * JVMs; workers restarted later also come from the spares first. Taken spares are replaced in the background
     * once the workers are ready.
     *
     * @param spares may be null: every worker is a new JVM.
     */
    public static WorkerLauncher launch(
        final PoolDirectory directory,
        final CountersFile counters,
        final LaunchConfig config,
        final Listener listener,
        final SpareWorkers spares)
    {
        if (config.workers() > counters.workerSlots())
        {
            throw new IllegalArgumentException("more workers than slots in counters.dat: workers=" + config.workers() +
                ", workerSlots=" + counters.workerSlots());
        }
        final WorkerLauncher launcher = new WorkerLauncher(directory, counters, config, listener, spares);
        try
        {
            for (final WorkerSlot slot : launcher.slots)
            {
                launcher.starter.start(slot);
            }
        }
        catch (final RuntimeException ex)
        {
            launcher.agent.stop();
            WorkerStop.destroy(launcher.slots);
            throw ex;
        }
        return launcher;
    }

    /**
     * Waits until every worker launched by {@link #launch} is ready, then starts supervising them.
     *
     * @throws WorkerStartException when one exits or is not ready in time; every worker is then stopped.
     */
    public void awaitReady()
    {
        try
        {
            readyWait.awaitAll(slots);
        }
        catch (final RuntimeException ex)
        {
            agent.stop();
            closed = true;
            WorkerStop.destroy(slots);
            refillSpares();
            throw ex;
        }
        refillSpares();
        supervisor = SupervisorThread.start(agent);
    }

    /** Starts workers with no listener. */
    public static WorkerLauncher start(final PoolDirectory directory, final CountersFile counters, final LaunchConfig config)
    {
        return start(directory, counters, config, new Listener()
        {
        });
    }

    /** @return the current worker processes, by slot - 1. */
    public List<Process> processes()
    {
        final List<Process> processes = new ArrayList<>(slots.length);
        for (final WorkerSlot slot : slots)
        {
            final WorkerProcess process = slot.process();
            processes.add(null == process ? null : process.process());
        }
        return processes;
    }

    /**
     * Kills the worker in that slot now; the supervisor then reports its death with the reason and restarts it.
     * Any thread.
     *
     * @param reason why, for the death report.
     */
    public void kill(final int slot, final String reason)
    {
        if (slot < 1 || slot > slots.length)
        {
            throw new IllegalArgumentException("slot out of range: slot=" + slot + ", workers=" + slots.length);
        }
        slots[slot - 1].kill(reason);
    }

    /** @return the log file of the worker in that slot. */
    public Path logFile(final int slot)
    {
        return directory.path().resolve("worker-" + slot + ".log");
    }

    /** @return why the pool failed, or null while restarts go on. */
    public WorkerStartException failure()
    {
        return agent.failure();
    }

    /**
     * Stops supervising, waits up to the shutdown grace for workers to exit (the parent has told them to finish), then
     * destroys what is left, then destroys it forcibly. Returns once every worker process is gone.
     */
    @Override
    public void close()
    {
        stop(config.shutdownGrace().toNanos());
    }

    /** @return whether the calling thread is this launcher's supervisor (a listener callback runs on it). */
    public boolean onSupervisorThread()
    {
        final SupervisorThread supervisor = this.supervisor;
        return null != supervisor && supervisor.isCurrent();
    }

    /** Stops supervising and destroys every worker now, without waiting for them to finish. */
    public void terminate()
    {
        stop(0);
    }

    private void stop(final long graceNs)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        agent.stop();
        if (null != supervisor)
        {
            supervisor.stop();
        }
        WorkerStop.stop(slots, graceNs);
    }

    private void refillSpares()
    {
        if (null != spares)
        {
            spares.refillLater();
        }
    }
}
