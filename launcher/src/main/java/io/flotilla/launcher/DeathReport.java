package io.flotilla.launcher;

import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.ProcessState;

import java.time.Duration;

/**
 * How a slot's worker ended, as the supervisor saw it: the cause it reports and the sentence for logs and errors.
 *
 * @param cause       for the {@link WorkerDeath}.
 * @param description e.g. "killed by the pool (taskId=7 overran), exit code 137 (signal 9, SIGKILL)".
 */
record DeathReport(WorkerDeath.Cause cause, String description)
{
    /**
     * A process that ended by itself or was killed by the pool ({@link WorkerSlot#kill}): retired cleanly (exit 0,
     * state EXITED, not killed), killed, or exited.
     */
    static DeathReport of(final WorkerSlot slot, final CountersFile counters)
    {
        final WorkerProcess process = slot.process();
        final String killReason = slot.killReason();
        if (0 == process.exitValue() && null == killReason && ProcessState.EXITED == counters.state(slot.slot()))
        {
            return new DeathReport(WorkerDeath.Cause.RETIRED, "retired cleanly after its share of tasks, " +
                ExitDescription.of(0));
        }
        if (null != killReason)
        {
            return new DeathReport(WorkerDeath.Cause.KILLED, "killed by the pool (" + killReason + "), " +
                ExitDescription.of(process.exitValue()));
        }
        return new DeathReport(WorkerDeath.Cause.EXITED, ExitDescription.of(process.exitValue()));
    }

    /** A ready worker whose heartbeat went stale, killed by the supervisor. */
    static DeathReport hung(final WorkerProcess killed, final long heartbeatAgeMs, final Duration hungTimeout)
    {
        return new DeathReport(WorkerDeath.Cause.HUNG, "hung: no heartbeat for " + heartbeatAgeMs +
            " ms (hungTimeout=" + hungTimeout + "), killed, then " + ExitDescription.of(killed.exitValue()));
    }

    /** A restarted worker not ready in time, killed by the supervisor. */
    static DeathReport notReady(final Duration readyTimeout)
    {
        return new DeathReport(WorkerDeath.Cause.NOT_READY, "not ready within readyTimeout=" + readyTimeout +
            ", killed");
    }

    /** @return what the restart policy makes of it: a worker that was not ready yet is a failed start. */
    RestartPolicy.Ending ending(final WorkerSlot slot)
    {
        if (WorkerDeath.Cause.RETIRED == cause)
        {
            return RestartPolicy.Ending.RETIRED;
        }
        if (!slot.history().isReady())
        {
            return RestartPolicy.Ending.EXITED_BEFORE_READY;
        }
        return WorkerDeath.Cause.HUNG == cause ? RestartPolicy.Ending.HUNG : RestartPolicy.Ending.DIED_AFTER_READY;
    }
}
