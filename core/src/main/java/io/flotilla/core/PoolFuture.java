package io.flotilla.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a task submitted to a local pool: a {@link CompletableFuture} whose {@code join} and {@code get} run
 * the pool's I/O duty cycle while they wait ({@link GuestRun}), so a caller waiting for one task is answered without
 * a thread being woken. Dependent stages are plain futures.
 */
final class PoolFuture<T> extends CompletableFuture<T>
{
    private final GuestRun guestRun;

    PoolFuture(final GuestRun guestRun)
    {
        this.guestRun = guestRun;
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
