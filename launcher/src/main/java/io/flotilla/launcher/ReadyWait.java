package io.flotilla.launcher;

import io.flotilla.protocol.CorruptCountersException;
import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.ProcessState;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, on the thread that starts the pool, until every worker is ready: the READY state it writes in its slot of
 * {@code counters.dat}, never a sleep. One that dies first is started again in its slot as the {@link RestartPolicy}
 * allows ({@code maxStartFailures} deaths in a row); each start has {@code readyTimeout}.
 */
final class ReadyWait
{
    private static final System.Logger LOGGER = System.getLogger(WorkerLauncher.class.getName());
    private static final long POLL_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final CountersFile counters;
    private final LaunchConfig config;
    private final RestartPolicy policy;
    private final WorkerStarter starter;
    private final NanoClock clock;

    ReadyWait(
        final CountersFile counters,
        final LaunchConfig config,
        final RestartPolicy policy,
        final WorkerStarter starter,
        final NanoClock clock)
    {
        this.counters = counters;
        this.config = config;
        this.policy = policy;
        this.starter = starter;
        this.clock = clock;
    }

    /**
     * Returns once every worker is ready.
     *
     * @throws WorkerStartException when one used up its start budget, left the slot FAILED, or was not ready in time.
     */
    void awaitAll(final WorkerSlot[] slots)
    {
        int waiting = slots.length;
        while (waiting > 0)
        {
            waiting = 0;
            for (final WorkerSlot slot : slots)
            {
                if (!slot.history().isReady() && !checkStarting(slot))
                {
                    waiting++;
                }
            }
            if (waiting > 0)
            {
                LockSupport.parkNanos(POLL_INTERVAL_NS);
            }
        }
    }

    /** @return whether the worker is ready now; restarts it if it died and the policy allows. */
    private boolean checkStarting(final WorkerSlot slot)
    {
        final long nowNs = clock.nanoTime();
        if (slot.awaitsRestart())
        {
            if (slot.restartDue(nowNs))
            {
                starter.start(slot);
            }
            return false;
        }
        final WorkerProcess process = slot.process();
        final ProcessState state = startingState(slot);
        if (ProcessState.READY == state)
        {
            slot.history().ready();
            LifecycleEvents.ready(slot.slot(), process.pid(), nowNs - slot.history().lastStartNs());
            return true;
        }
        if (!process.isAlive())
        {
            onDeathBeforeReady(slot, state, nowNs);
            return false;
        }
        if (nowNs - slot.history().lastStartNs() > config.readyTimeout().toNanos())
        {
            throw new WorkerStartException("worker not ready in time: slot=" + slot.slot() + ", pid=" +
                process.pid() + ", readyTimeout=" + config.readyTimeout() + ", state=" + state + ", log=" +
                slot.log() + ", last output:\n" + slot.lastOutput());
        }
        return false;
    }

    private void onDeathBeforeReady(final WorkerSlot slot, final ProcessState state, final long nowNs)
    {
        final WorkerProcess process = slot.process();
        final String death = "slot=" + slot.slot() + ", pid=" + process.pid() + ", " +
            ExitDescription.of(process.exitValue()) + ", mainClass=" + config.mainClass() + ", log=" + slot.log() +
            ", last output:\n" + slot.lastOutput();
        if (ProcessState.FAILED == state)
        {
            throw new WorkerStartException(
                "worker exited before it was ready, it found the pool's shared memory corrupt: " + death);
        }
        final RestartDecision decision = policy.onStartFailure(slot.history(), nowNs);
        if (decision.isGiveUp())
        {
            throw new WorkerStartException(decision.reason() + ": " + death);
        }
        LOGGER.log(System.Logger.Level.WARNING, "worker exited before it was ready, starting it again (" +
            slot.history().consecutiveFailedStarts() + " of maxStartFailures=" + config.maxStartFailures() + "): " +
            death);
        counters.resetSlot(slot.slot());
        if (RestartDecision.Action.RESTART_LATER == decision.action())
        {
            slot.restartAt(nowNs + decision.delayNs());
        }
        else
        {
            starter.start(slot);
        }
    }

    private ProcessState startingState(final WorkerSlot slot)
    {
        try
        {
            return counters.state(slot.slot());
        }
        catch (final CorruptCountersException ex)
        {
            throw new WorkerStartException("cannot start the pool: " + ex.getMessage() + ", log=" + slot.log());
        }
    }
}
