package io.flotilla.core;

import io.flotilla.PoolConfig;
import io.flotilla.TaskFailedException;
import io.flotilla.launcher.WorkerDeath;
import io.flotilla.launcher.WorkerLauncher;
import io.flotilla.launcher.WorkerStartException;
import io.flotilla.protocol.CountersFile;

import java.util.function.Consumer;

/**
 * What a pool does when its launcher reports: the tasks a dead or retired worker held (its in-flight table in
 * {@code counters.dat}) are sent again, up to maxRetries attempts, or fail naming the death; a pool whose workers
 * cannot be restarted fails with every pending task.
 */
final class WorkerEvents implements WorkerLauncher.Listener
{
    private static final System.Logger LOGGER = System.getLogger(LocalPool.class.getName());

    private final PoolConfig config;
    private final CountersFile counters;
    private final PendingTasks pending;
    private final PoolLifecycle lifecycle;
    private final Consumer<Pending> resend;
    private final BlobReclaimer reclaimer;

    /** Takes back the blob slots a dead worker held for a task. */
    @FunctionalInterface
    interface BlobReclaimer
    {
        void reclaim(long taskId, WorkerDeath death);
    }

    WorkerEvents(
        final PoolConfig config, final CountersFile counters, final PendingTasks pending, final PoolLifecycle lifecycle,
        final Consumer<Pending> resend, final BlobReclaimer reclaimer)
    {
        this.reclaimer = reclaimer;
        this.config = config;
        this.counters = counters;
        this.pending = pending;
        this.lifecycle = lifecycle;
        this.resend = resend;
    }

    @Override
    public void onWorkerDeath(final WorkerDeath death)
    {
        if (WorkerDeath.Cause.RETIRED == death.cause())
        {
            counters.inFlightTable(death.slot()).forEach(taskId -> redispatch(taskId, death));
            return;
        }
        final int inFlight = counters.inFlightTable(death.slot()).forEach(taskId -> redispatch(taskId, death));
        LOGGER.log(System.Logger.Level.WARNING, "worker died with tasks in flight, re-dispatched or failed them: " +
            "slot=" + death.slot() + ", pid=" + death.pid() + ", inFlight=" + inFlight + ", " + death.description());
    }

    @Override
    public void onPoolFailure(final WorkerStartException cause)
    {
        lifecycle.fail(cause);
        pending.failAll(new TaskFailedException("pool failed, workers cannot be restarted: poolId=" +
            config.poolId() + ": " + cause.getMessage()));
    }

    private void redispatch(final long taskId, final WorkerDeath death)
    {
        final Pending entry = pending.get(taskId);
        if (null == entry)
        {
            reclaimer.reclaim(taskId, death);
            return;
        }
        if (entry.cancelled)
        {
            endCancelled(entry, death);
            return;
        }
        if (entry.attempt >= config.maxRetries())
        {
            if (pending.remove(taskId, entry))
            {
                entry.sink.fail(new TaskFailedException("task failed, its worker died on every attempt: taskId=" +
                    taskId + ", function=" + entry.functionName + ", attempts=" + (entry.attempt + 1) +
                    ", maxRetries=" + config.maxRetries() + ", worker slot=" + death.slot() + ", pid=" + death.pid() +
                    ", " + death.description()));
            }
            reclaimer.reclaim(taskId, death);
            return;
        }
        // under the entry's monitor, as a cancel: either the cancel sees this attempt sent and its record follows it,
        // or this sees the task cancelled and does not send it
        synchronized (entry)
        {
            if (entry.cancelled)
            {
                endCancelled(entry, death);
                return;
            }
            entry.attempt++;
            // after the attempt went up, so that a result of the dead worker still in the queue is known stale; before
            // the new attempt takes a slot of its own for the same task id
            reclaimer.reclaim(taskId, death);
            LOGGER.log(System.Logger.Level.DEBUG, "re-dispatching task of a dead worker: taskId=" + taskId +
                ", attempt=" + entry.attempt + ", slot=" + death.slot());
            resend.accept(entry);
        }
    }

    /** A cancelled task whose worker died (killed for keeping the thread, or not) ends cancelled, never sent again. */
    private void endCancelled(final Pending entry, final WorkerDeath death)
    {
        if (pending.remove(entry.taskId, entry))
        {
            entry.sink.fail(LocalPool.cancelled(entry));
        }
        reclaimer.reclaim(entry.taskId, death);
    }
}
