package io.flotilla.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a task submitted to a local pool: a {@link CompletableFuture} whose {@code join} and {@code get} run
 * the pool's I/O duty cycle while they wait ({@link GuestRun}), so a caller waiting for one task is answered without
 * a thread being woken. Dependent stages are plain futures.
 * <p>
 * {@link #cancel} cancels the future here at once and, when it wins, asks the pool to stop the task in its worker
 * ({@link TaskCanceller}); the future stays cancelled whatever the worker answers.
 */
final class PoolFuture<T> extends CompletableFuture<T>
{
    private final GuestRun guestRun;
    /** Stops the task in its worker, or null for a future no one task stands behind. */
    private final TaskCanceller canceller;
    /** The task behind this future, once sent; written before the future is handed out. */
    private long taskId;

    PoolFuture(final GuestRun guestRun)
    {
        this(guestRun, null);
    }

    PoolFuture(final GuestRun guestRun, final TaskCanceller canceller)
    {
        this.guestRun = guestRun;
        this.canceller = canceller;
    }

    /** Names the task behind this future; before the future is handed out. */
    void bind(final long taskId)
    {
        this.taskId = taskId;
    }

    @Override
    public boolean cancel(final boolean mayInterruptIfRunning)
    {
        final boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled && null != canceller && 0 != taskId)
        {
            canceller.cancel(taskId, mayInterruptIfRunning);
        }
        return cancelled;
    }

    @Override
    public T join()
    {
        if (!isDone())
        {
            try
            {
                guestRun.awaitLeading(this, Long.MAX_VALUE, false);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt(); // not thrown when not interruptible; keep the flag anyway
            }
        }
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException
    {
        if (!isDone())
        {
            guestRun.awaitLeading(this, Long.MAX_VALUE, true);
        }
        return super.get();
    }

    @Override
    public T get(final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException
    {
        if (!isDone())
        {
            final long start = System.nanoTime();
            final long timeoutNs = unit.toNanos(timeout);
            guestRun.awaitLeading(this, timeoutNs >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : start + timeoutNs, true);
            return super.get(Math.max(0, timeoutNs - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
        }
        return super.get(timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture()
    {
        return new CompletableFuture<>();
    }
}
