package io.flotilla.launcher;

import io.flotilla.protocol.CorruptCountersException;
import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.CountersLayout;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts a pool's worker JVMs, watches them, restarts them, and stops them. Worker {@code w} (slot {@code w} of
 * {@code counters.dat}, 1-based) is bound to shard {@code (w - 1) % shards}. Its output goes to
 * {@code worker-<w>.log} in the pool directory and to the parent's {@code System.Logger}. Readiness is the READY
 * state the worker writes in its slot, never a sleep.
 * <p>
 * After {@link #start} returns, a supervisor thread watches every worker: a process that ended
 * ({@link Process#isAlive()}, fed by the JDK's reaper) or a ready worker whose heartbeat is older than the hung
 * timeout (killed first) is reported to the {@link Listener} <em>before</em> its slot is reset, so the listener can
 * read the slot's in-flight table, and is then restarted in the same slot. A slot whose worker dies before it is ready
 * {@code maxStartFailures} times in a row, or more than {@code maxRestartsPerWindow} restarts a minute, fails the pool
 * instead of looping: the listener hears {@link Listener#onPoolFailure} once and restarts stop. The same budget
 * holds while the pool starts: a worker that dies before it is ready (killed, say) is started again, and the start
 * fails only once a slot used up {@code maxStartFailures}.
 * <p>
 * Everything read back from {@code counters.dat} is checked ({@link CountersCheck}); a value out of range fails the
 * pool with the file and field named, and so does a worker that left because it found the file corrupt (state
 * FAILED): restarting cannot mend the file. The parent never decides from its own slot in the file: it knows its
 * state from memory ({@link CountersFile#writtenState}).
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

    /** Lines of a failed worker's output quoted in errors. */
    static final int OUTPUT_LINES_IN_ERROR = 20;

    private static final System.Logger LOGGER = System.getLogger(WorkerLauncher.class.getName());
    private static final long SUPERVISE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long OUTPUT_DRAIN_MS = 2_000;

    private final PoolDirectory directory;
    private final CountersFile counters;
    private final LaunchConfig config;
    private final Listener listener;
    private final SpareWorkers spares;
    private final Worker[] workers;
    private final ArrayDeque<Long> restartTimesNs = new ArrayDeque<>();
    private final CountersCheck check;
    private volatile Thread supervisor;
    private volatile boolean running = true;
    private volatile WorkerStartException failure;
    private boolean closed;

    /** One slot's current process. Written by the starting thread, then by the supervisor only. */
    private static final class Worker
    {
        final int slot;
        volatile Process process;
        volatile String killReason;
        OutputPump pump;
        long startedNs;
        long startedEpochMs;
        boolean ready;
        int consecutiveStartFailures;

        Worker(final int slot)
        {
            this.slot = slot;
        }
    }

    private WorkerLauncher(
        final PoolDirectory directory,
        final CountersFile counters,
        final LaunchConfig config,
        final Listener listener,
        final SpareWorkers spares)
    {
        this.directory = directory;
        this.counters = counters;
        this.config = config;
        this.listener = listener;
        this.spares = spares;
        this.check = new CountersCheck(counters);
        this.workers = new Worker[config.workers()];
        for (int i = 0; i < workers.length; i++)
        {
            workers[i] = new Worker(i + 1);
        }
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
            for (final Worker worker : launcher.workers)
            {
                launcher.launch(worker);
            }
        }
        catch (final RuntimeException ex)
        {
            launcher.running = false;
            launcher.destroyAll();
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
            awaitAllReady();
        }
        catch (final RuntimeException ex)
        {
            running = false;
            closed = true;
            destroyAll();
            refillSpares();
            throw ex;
        }
        refillSpares();
        supervisor = Thread.ofPlatform().daemon().name("flotilla-supervisor").start(this::supervise);
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
        final List<Process> processes = new ArrayList<>(workers.length);
        for (final Worker worker : workers)
        {
            processes.add(worker.process);
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
        if (slot < 1 || slot > workers.length)
        {
            throw new IllegalArgumentException("slot out of range: slot=" + slot + ", workers=" + workers.length);
        }
        final Worker worker = workers[slot - 1];
        worker.killReason = reason;
        worker.process.destroyForcibly();
    }

    /** @return the log file of the worker in that slot. */
    public Path logFile(final int slot)
    {
        return directory.path().resolve("worker-" + slot + ".log");
    }

    /** @return why the pool failed, or null while restarts go on. */
    public WorkerStartException failure()
    {
        return failure;
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
        return Thread.currentThread() == supervisor;
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
        running = false;
        if (null != supervisor)
        {
            LockSupport.unpark(supervisor);
            joinUninterruptibly(supervisor);
        }
        final long deadline = System.nanoTime() + graceNs;
        for (final Worker worker : workers)
        {
            if (null != worker.process)
            {
                waitFor(worker.process, Math.max(0, deadline - System.nanoTime()));
            }
        }
        destroyAll();
    }

    private void launch(final Worker worker)
    {
        final int slot = worker.slot;
        counters.shardOf(slot, shardOf(slot));
        counters.state(slot, ProcessState.STARTING);
        counters.addStart(slot);
        final SpareWorkers.Spare spare =
            null == spares ? null : spares.take(config, directory.path(), slot, logFile(slot));
        if (null != spare)
        {
            started(worker, spare.process, spare.pump);
            return;
        }
        final JvmCommand command = config.commandFor(directory.path(), slot);
        final Process process;
        try
        {
            process = command.processBuilder().redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            throw new WorkerStartException("cannot start worker: slot=" + slot + ", command=" + command +
                ", problem=" + ex.getMessage());
        }
        started(worker, process, OutputPump.start(process, logFile(slot), slot, config.outputLevel()));
    }

    private int shardOf(final int slot)
    {
        return (slot - 1) % counters.shardCount();
    }

    /** Records a slot's new process, a new JVM or a spare that took the slot. */
    private static void started(final Worker worker, final Process process, final OutputPump pump)
    {
        worker.pump = pump;
        worker.startedNs = System.nanoTime();
        worker.startedEpochMs = System.currentTimeMillis();
        worker.ready = false;
        worker.killReason = null;
        worker.process = process;
    }

    /**
     * Waits until every worker is ready. One that dies first is started again in its slot, up to
     * {@code maxStartFailures} deaths in a row; each start has {@code readyTimeout}.
     */
    private void awaitAllReady()
    {
        int waiting = workers.length;
        while (waiting > 0)
        {
            waiting = 0;
            for (final Worker worker : workers)
            {
                if (!worker.ready && !checkStarting(worker))
                {
                    waiting++;
                }
            }
            if (waiting > 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /** @return whether the worker is ready now; restarts it if it died and the budget allows. */
    private boolean checkStarting(final Worker worker)
    {
        final Process process = worker.process;
        final ProcessState state = startingState(worker);
        if (ProcessState.READY == state)
        {
            worker.ready = true;
            worker.consecutiveStartFailures = 0;
            return true;
        }
        if (!process.isAlive())
        {
            worker.consecutiveStartFailures++;
            final String death = "slot=" + worker.slot + ", pid=" + process.pid() + ", " +
                ExitDescription.of(process.exitValue()) + ", mainClass=" + config.mainClass() + ", log=" +
                logFile(worker.slot) + ", last output:\n" + lastOutput(worker);
            if (ProcessState.FAILED == state || worker.consecutiveStartFailures >= config.maxStartFailures())
            {
                throw new WorkerStartException("worker exited before it was ready" +
                    (ProcessState.FAILED == state ? ", it found the pool's shared memory corrupt: " :
                    " " + worker.consecutiveStartFailures + " times in a row (maxStartFailures=" +
                    config.maxStartFailures() + "): ") + death);
            }
            LOGGER.log(System.Logger.Level.WARNING, "worker exited before it was ready, starting it again (" +
                worker.consecutiveStartFailures + " of maxStartFailures=" + config.maxStartFailures() + "): " + death);
            counters.resetSlot(worker.slot);
            launch(worker);
            return false;
        }
        if (System.nanoTime() - worker.startedNs > config.readyTimeout().toNanos())
        {
            throw new WorkerStartException("worker not ready in time: slot=" + worker.slot + ", pid=" +
                process.pid() + ", readyTimeout=" + config.readyTimeout() + ", state=" + state + ", log=" +
                logFile(worker.slot) + ", last output:\n" + lastOutput(worker));
        }
        return false;
    }

    private ProcessState startingState(final Worker worker)
    {
        try
        {
            return counters.state(worker.slot);
        }
        catch (final CorruptCountersException ex)
        {
            throw new WorkerStartException("cannot start the pool: " + ex.getMessage() + ", log=" +
                logFile(worker.slot));
        }
    }

    private void refillSpares()
    {
        if (null != spares)
        {
            spares.refillLater();
        }
    }

    private void supervise()
    {
        while (running)
        {
            if (null == failure && !parentClosing())
            {
                try
                {
                    check.checkPool();
                }
                catch (final CorruptCountersException ex)
                {
                    failPool(ex.getMessage(), null);
                }
            }
            for (final Worker worker : workers)
            {
                if (!running || null != failure)
                {
                    break;
                }
                try
                {
                    superviseOne(worker);
                }
                catch (final CorruptCountersException ex)
                {
                    failPool(ex.getMessage() + ", read while supervising slot=" + worker.slot, null);
                }
                catch (final RuntimeException ex)
                {
                    LOGGER.log(System.Logger.Level.ERROR, "supervising worker failed: slot=" + worker.slot, ex);
                }
            }
            LockSupport.parkNanos(SUPERVISE_INTERVAL_NS);
        }
    }

    private void superviseOne(final Worker worker)
    {
        final Process process = worker.process;
        if (!process.isAlive())
        {
            if (parentClosing())
            {
                return; // workers leave by themselves when the pool closes; nothing to report or restart
            }
            final String killReason = worker.killReason;
            if (0 == process.exitValue() && null == killReason && ProcessState.EXITED == counters.state(worker.slot))
            {
                onDeath(worker, WorkerDeath.Cause.RETIRED, "retired cleanly after its share of tasks, " +
                    ExitDescription.of(0));
            }
            else if (null != killReason)
            {
                onDeath(worker, WorkerDeath.Cause.KILLED, "killed by the pool (" + killReason + "), " +
                    ExitDescription.of(process.exitValue()));
            }
            else
            {
                onDeath(worker, WorkerDeath.Cause.EXITED, ExitDescription.of(process.exitValue()));
            }
            return;
        }
        if (worker.ready)
        {
            final long heartbeatAgeMs = System.currentTimeMillis() -
                check.checkReadyWorker(worker.slot, process.pid(), shardOf(worker.slot), worker.startedEpochMs);
            if (heartbeatAgeMs > config.hungTimeout().toMillis())
            {
                kill(process);
                onDeath(worker, WorkerDeath.Cause.HUNG, "hung: no heartbeat for " + heartbeatAgeMs + " ms (hungTimeout=" +
                    config.hungTimeout() + "), killed, then " + ExitDescription.of(process.exitValue()));
            }
        }
        else if (ProcessState.READY == counters.state(worker.slot))
        {
            worker.ready = true;
            worker.consecutiveStartFailures = 0;
            LOGGER.log(System.Logger.Level.DEBUG, "worker restarted: slot=" + worker.slot + ", pid=" + process.pid());
            listener.onWorkerRestarted(worker.slot, process.pid());
            refillSpares();
        }
        else if (System.nanoTime() - worker.startedNs > config.readyTimeout().toNanos())
        {
            kill(process);
            onDeath(worker, WorkerDeath.Cause.NOT_READY, "not ready within readyTimeout=" + config.readyTimeout() +
                ", killed");
        }
    }

    /** @return whether this parent told its workers to finish: from its own memory, never read back from the file. */
    private boolean parentClosing()
    {
        final ProcessState parent = counters.writtenState(CountersLayout.PARENT_SLOT);
        return ProcessState.CLOSING == parent || ProcessState.EXITED == parent;
    }

    /** @return the slot's state as its dead process left it; a corrupt one counts as FAILED, and is logged. */
    private ProcessState stateLeftBy(final Worker worker)
    {
        try
        {
            return counters.state(worker.slot);
        }
        catch (final CorruptCountersException ex)
        {
            LOGGER.log(System.Logger.Level.ERROR, ex.getMessage());
            return ProcessState.FAILED;
        }
    }

    private void onDeath(final Worker worker, final WorkerDeath.Cause cause, final String description)
    {
        final Process process = worker.process;
        final boolean corrupt = ProcessState.FAILED == stateLeftBy(worker);
        final WorkerDeath death = new WorkerDeath(
            worker.slot, process.pid(), cause, process.exitValue(), description, lastOutput(worker));
        final boolean planned = WorkerDeath.Cause.RETIRED == cause;
        LOGGER.log(planned ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING, (planned ? "worker retired: " :
            "worker died: ") + "slot=" + worker.slot + ", pid=" + process.pid() + ", " + description);
        try
        {
            listener.onWorkerDeath(death);
        }
        finally
        {
            counters.resetSlot(worker.slot);
        }
        if (planned)
        {
            if (running)
            {
                launch(worker);
            }
            return;
        }

        if (!worker.ready)
        {
            worker.consecutiveStartFailures++;
            refillSpares(); // a spare it may have come from is gone, and no ready worker will ask for a new one
        }
        final long now = System.nanoTime();
        while (!restartTimesNs.isEmpty() && now - restartTimesNs.peekFirst() > LaunchConfig.RESTART_WINDOW.toNanos())
        {
            restartTimesNs.pollFirst();
        }

        String reason = null;
        if (corrupt)
        {
            reason = "worker left because it found the pool's shared memory corrupt (see its output), restarting " +
                "it cannot mend the file: slot=" + worker.slot + ", counters=" + counters.file();
        }
        else if (worker.consecutiveStartFailures >= config.maxStartFailures())
        {
            reason = "worker died before it was ready " + worker.consecutiveStartFailures + " times in a row: slot=" +
                worker.slot + ", maxStartFailures=" + config.maxStartFailures();
        }
        else if (restartTimesNs.size() >= config.maxRestartsPerWindow())
        {
            reason = "too many worker restarts: restarts=" + restartTimesNs.size() + " within " +
                LaunchConfig.RESTART_WINDOW + ", maxRestartsPerWindow=" + config.maxRestartsPerWindow();
        }
        if (null != reason)
        {
            failPool(reason, ", last death: " + description + ", log=" + logFile(worker.slot) + ", last output:\n" +
                death.lastOutput());
            return;
        }
        restartTimesNs.addLast(now);
        if (running)
        {
            launch(worker);
        }
    }

    /**
     * Stops restarts for good and tells the listener, once. The message says what to do: the pool cannot take tasks
     * again, so its owner closes it and builds a new one.
     *
     * @param detail appended after the advice, may be null.
     */
    private void failPool(final String reason, final String detail)
    {
        if (null != failure)
        {
            return;
        }
        failure = new WorkerStartException(reason + "; " + WorkerStartException.WHAT_TO_DO + (null == detail ? "" :
            detail));
        LOGGER.log(System.Logger.Level.ERROR, failure.getMessage());
        listener.onPoolFailure(failure);
    }

    private String lastOutput(final Worker worker)
    {
        worker.pump.awaitEnd(OUTPUT_DRAIN_MS, TimeUnit.MILLISECONDS);
        return OutputPump.tail(logFile(worker.slot), OUTPUT_LINES_IN_ERROR);
    }

    private void destroyAll()
    {
        for (final Worker worker : workers)
        {
            if (null != worker.process && worker.process.isAlive())
            {
                worker.process.destroy();
            }
        }
        for (final Worker worker : workers)
        {
            if (null != worker.process && !waitFor(worker.process, TimeUnit.SECONDS.toNanos(1)))
            {
                kill(worker.process);
            }
        }
        for (final Worker worker : workers)
        {
            if (null != worker.pump)
            {
                worker.pump.awaitEnd(OUTPUT_DRAIN_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void kill(final Process process)
    {
        process.destroyForcibly();
        if (!waitFor(process, TimeUnit.SECONDS.toNanos(10)))
        {
            throw new IllegalStateException("worker JVM survived destroyForcibly: pid=" + process.pid());
        }
    }

    private static boolean waitFor(final Process process, final long timeoutNs)
    {
        try
        {
            return process.waitFor(timeoutNs, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void joinUninterruptibly(final Thread thread)
    {
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
