package io.flotilla.core;

import io.flotilla.TaskTimeoutException;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Task deadlines, on one thread of their own: a task still pending at its deadline fails with a
 * {@link TaskTimeoutException}, and if its worker still holds it {@code stuckTaskGrace} later, that worker is killed
 * (it is restarted, and what else it held is sent again).
 */
final class Deadlines
{
    /** Finds the worker slots that still hold a task and kills them, saying why. */
    @FunctionalInterface
    interface StuckTaskKiller
    {
        void killHolders(Pending entry, Duration grace);
    }

    private volatile Thread thread;
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
        r -> thread = Thread.ofPlatform().daemon().name("flotilla-deadlines").unstarted(r));
    private final PendingTasks pending;
    private final Duration stuckTaskGrace;
    private final StuckTaskKiller killer;

    Deadlines(final PendingTasks pending, final Duration stuckTaskGrace, final StuckTaskKiller killer)
    {
        this.pending = pending;
        this.stuckTaskGrace = stuckTaskGrace;
        this.killer = killer;
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Fails the entry with a timeout once {@code timeout} has passed, unless it ended before. */
    void schedule(final Pending entry, final Duration timeout)
    {
        executor.schedule(() -> onDeadline(entry), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A task cancelled with an interrupt: if its worker has not answered {@code stuckTaskGrace} from now, it kept the
     * thread, and its holder is killed as for a stuck task past its deadline (the death then ends the task as
     * cancelled, and the worker's other tasks are sent again).
     */
    void scheduleCancelled(final Pending entry)
    {
        try
        {
            executor.schedule(() ->
            {
                if (entry == pending.get(entry.taskId))
                {
                    killer.killHolders(entry, stuckTaskGrace);
                }
            }, stuckTaskGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final java.util.concurrent.RejectedExecutionException ex)
        {
            // shutting down: the workers are stopped anyway
        }
    }

    /** @return whether the calling thread is the deadlines thread (a callback there must not wait on the pool). */
    boolean onDeadlinesThread()
    {
        return Thread.currentThread() == thread;
    }

    /** Stops the thread, dropping deadlines not yet due, and waits until it has ended. */
    void shutdown()
    {
        executor.shutdownNow();
        boolean interrupted = false;
        while (true)
        {
            try
            {
                if (executor.awaitTermination(1, TimeUnit.SECONDS))
                {
                    break;
                }
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

    /**
     * @param cause what the worker reported if it stopped the task itself, or null when the parent's deadline fired.
     * @return the timeout of that task, named with its id, function and timeout.
     */
    static TaskTimeoutException timedOut(final Pending entry, final Throwable cause)
    {
        return new TaskTimeoutException("task timed out: taskId=" + entry.taskId + ", function=" +
            entry.functionName + ", timeout=" + entry.timeout + (entry.arguments.length > 1 ? ", chunk of " +
            entry.arguments.length + " items" : ""), cause);
    }

    private void onDeadline(final Pending entry)
    {
        if (!pending.remove(entry.taskId, entry))
        {
            return;
        }
        entry.sink.fail(timedOut(entry, null));
        executor.schedule(() -> killer.killHolders(entry, stuckTaskGrace), stuckTaskGrace.toMillis(),
            TimeUnit.MILLISECONDS);
    }
}
