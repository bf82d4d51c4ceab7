package io.flotilla.launcher;

import io.flotilla.protocol.CorruptCountersException;
import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.CountersLayout;
import io.flotilla.protocol.ProcessState;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * The supervisor's duty cycle over a pool's ready workers. Each {@link #doWork()} checks the pool's fields of
 * {@code counters.dat} ({@link CountersCheck}), then every slot: a process that ended ({@link Process#isAlive()},
 * fed by the JDK's reaper), a ready worker whose heartbeat is older than the hung timeout (killed first), or a
 * restarted one not ready within the ready timeout (killed) is reported to the {@link WorkerLauncher.Listener}
 * <em>before</em> its slot is reset, so the listener can read the slot's in-flight table; the
 * {@link RestartPolicy} then says whether it is started again, and when. Once the policy gives up, or a field is
 * corrupt, the pool fails: the listener hears {@link WorkerLauncher.Listener#onPoolFailure} once and restarts stop.
 * <p>
 * Time comes from the clocks given, so the decisions can be driven with fake workers and a fake clock. Threads:
 * {@link #doWork()} on one thread at a time (an {@link org.agrona.concurrent.AgentRunner}'s, or a test's);
 * {@link #stop()} and {@link #failure()} from any.
 */
final class SupervisorAgent implements Agent
{
    private static final System.Logger LOGGER = System.getLogger(WorkerLauncher.class.getName());

    private final CountersFile counters;
    private final CountersCheck check;
    private final LaunchConfig config;
    private final WorkerSlot[] slots;
    private final RestartPolicy policy;
    private final WorkerStarter starter;
    private final WorkerLauncher.Listener listener;
    private final Runnable refillSpares;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;
    private volatile boolean running = true;
    private final PoolFailure failure;
    /** The process of each slot whose exit wakes the supervisor, so that a death is seen at once. */
    private final WorkerProcess[] exitHooked;
    private volatile Runnable wake = () -> { };

    /** @param refillSpares asks for spare JVMs to replace those taken; may do nothing. */
    SupervisorAgent(
        final CountersFile counters,
        final LaunchConfig config,
        final WorkerSlot[] slots,
        final RestartPolicy policy,
        final WorkerStarter starter,
        final WorkerLauncher.Listener listener,
        final Runnable refillSpares,
        final NanoClock nanoClock,
        final EpochClock epochClock)
    {
        this.counters = counters;
        this.check = new CountersCheck(counters);
        this.config = config;
        this.slots = slots;
        this.policy = policy;
        this.starter = starter;
        this.listener = listener;
        this.failure = new PoolFailure(listener);
        this.refillSpares = refillSpares;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.exitHooked = new WorkerProcess[slots.length];
    }

    /** @param wake wakes the supervisor's thread when a worker process ends; called on the JDK's reaper thread. */
    void onProcessExit(final Runnable wake)
    {
        this.wake = wake;
    }

    /**
     * @return whether nothing is in motion: every worker ready and none waiting for a restart (or the pool failed), so
     * that only a death, a hang or the pool closing can bring work, and the first wakes the supervisor.
     */
    boolean steady()
    {
        if (null != failure.get())
        {
            return true;
        }
        for (final WorkerSlot slot : slots)
        {
            if (slot.awaitsRestart() || !slot.history().isReady())
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public String roleName()
    {
        return "flotilla-supervisor";
    }

    /**
     * @return deaths, readies, restarts and failures seen.
     * @throws AgentTerminationException once {@link #stop()} was called, or when supervising failed unexpectedly.
     */
    @Override
    public int doWork()
    {
        if (!running)
        {
            throw new AgentTerminationException(true);
        }
        try
        {
            return superviseAll();
        }
        catch (final RuntimeException | Error ex)
        {
            throw new AgentTerminationException(ex); // as a thread of its own would, supervising ends: logged once
        }
    }

    /** Stops restarts; the next {@link #doWork()} ends the duty cycle. Any thread. */
    void stop()
    {
        running = false;
    }

    /** @return why the pool failed, or null while restarts go on. */
    WorkerStartException failure()
    {
        return failure.get();
    }

    private int superviseAll()
    {
        int workCount = 0;
        if (null == failure.get() && !parentClosing())
        {
            try
            {
                check.checkPool();
            }
            catch (final CorruptCountersException ex)
            {
                failure.fail(ex.getMessage(), null);
                workCount++;
            }
        }
        for (final WorkerSlot slot : slots)
        {
            if (!running || null != failure.get())
            {
                break;
            }
            try
            {
                workCount += superviseOne(slot);
            }
            catch (final CorruptCountersException ex)
            {
                failure.fail(ex.getMessage() + ", read while supervising slot=" + slot.slot(), null);
                workCount++;
            }
            catch (final RuntimeException ex)
            {
                LOGGER.log(System.Logger.Level.ERROR, "supervising worker failed: slot=" + slot.slot(), ex);
            }
        }
        return workCount;
    }

    private int superviseOne(final WorkerSlot slot)
    {
        final long nowNs = nanoClock.nanoTime();
        if (slot.awaitsRestart())
        {
            if (!slot.restartDue(nowNs) || parentClosing())
            {
                return 0;
            }
            starter.start(slot);
            return 1;
        }
        final WorkerProcess process = slot.process();
        hookExit(slot, process);
        if (!process.isAlive())
        {
            if (parentClosing())
            {
                return 0; // workers leave by themselves when the pool closes; nothing to report or restart
            }
            onDeath(slot, DeathReport.of(slot, counters));
            return 1;
        }
        if (slot.history().isReady())
        {
            final long nowEpochMs = epochClock.time();
            final long heartbeatAgeMs = nowEpochMs -
                check.checkReadyWorker(slot.slot(), process.pid(), slot.shard(), slot.startedEpochMs(), nowEpochMs);
            if (heartbeatAgeMs > config.hungTimeout().toMillis())
            {
                process.kill();
                onDeath(slot, DeathReport.hung(process, heartbeatAgeMs, config.hungTimeout()));
                return 1;
            }
        }
        else if (ProcessState.READY == counters.state(slot.slot()))
        {
            slot.history().ready();
            LifecycleEvents.ready(slot.slot(), process.pid(), nowNs - slot.history().lastStartNs());
            LOGGER.log(System.Logger.Level.DEBUG, "worker restarted: slot=" + slot.slot() + ", pid=" + process.pid());
            listener.onWorkerRestarted(slot.slot(), process.pid());
            refillSpares.run();
            return 1;
        }
        else if (nowNs - slot.history().lastStartNs() > config.readyTimeout().toNanos())
        {
            process.kill();
            onDeath(slot, DeathReport.notReady(config.readyTimeout()));
            return 1;
        }
        return 0;
    }

    private void hookExit(final WorkerSlot slot, final WorkerProcess process)
    {
        final int index = slot.slot() - 1;
        if (index >= 0 && index < exitHooked.length && exitHooked[index] != process)
        {
            exitHooked[index] = process;
            process.process().onExit().thenRun(() -> wake.run());
        }
    }

    /** @return whether this parent told its workers to finish: from its own memory, never read back from the file. */
    private boolean parentClosing()
    {
        final ProcessState parent = counters.writtenState(CountersLayout.PARENT_SLOT);
        return ProcessState.CLOSING == parent || ProcessState.EXITED == parent;
    }

    /** @return the slot's state as its dead process left it; a corrupt one counts as FAILED, and is logged. */
    private ProcessState stateLeftBy(final WorkerSlot slot)
    {
        try
        {
            return counters.state(slot.slot());
        }
        catch (final CorruptCountersException ex)
        {
            LOGGER.log(System.Logger.Level.ERROR, ex.getMessage());
            return ProcessState.FAILED;
        }
    }

    private void onDeath(final WorkerSlot slot, final DeathReport report)
    {
        final WorkerProcess process = slot.process();
        final boolean corrupt = ProcessState.FAILED == stateLeftBy(slot);
        final WorkerDeath death = new WorkerDeath(
            slot.slot(), process.pid(), report.cause(), process.exitValue(), report.description(), slot.lastOutput());
        final boolean planned = WorkerDeath.Cause.RETIRED == report.cause();
        LifecycleEvents.died(slot.slot(), process.pid(), report.cause().name(), death.exitValue(), report.description());
        LOGGER.log(planned ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING, (planned ? "worker retired: " :
            "worker died: ") + "slot=" + slot.slot() + ", pid=" + process.pid() + ", " + report.description());
        try
        {
            listener.onWorkerDeath(death);
        }
        finally
        {
            counters.resetSlot(slot.slot());
        }
        if (!planned && !slot.history().isReady())
        {
            refillSpares.run(); // a spare it may have come from is gone, and no ready worker will ask for a new one
        }
        final String detail = ", last death: " + report.description() + ", log=" + slot.log() + ", last output:\n" +
            death.lastOutput();
        if (!planned && corrupt)
        {
            failure.fail("worker left because it found the pool's shared memory corrupt (see its output), " +
                "restarting it cannot mend the file: slot=" + slot.slot() + ", counters=" + counters.file(), detail);
            return;
        }
        final long nowNs = nanoClock.nanoTime();
        final RestartDecision decision = policy.onDeath(slot.slot(), slot.history(), report.ending(slot), nowNs);
        switch (decision.action())
        {
            case GIVE_UP -> failure.fail(decision.reason(), detail);
            case RESTART_LATER -> slot.restartAt(nowNs + decision.delayNs());
            case RESTART_NOW ->
            {
                if (running)
                {
                    starter.start(slot);
                }
            }
        }
    }
}
