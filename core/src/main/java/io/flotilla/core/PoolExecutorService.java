package io.flotilla.core;

import io.flotilla.Pool;

import java.io.ObjectInputFilter;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link java.util.concurrent.ExecutorService} over a pool, for code that expects one: each task is a
 * {@link Serializable} {@link Callable} or {@link Runnable}, serialized, run in a worker, and its result serialized
 * back, both ways through the pool's allowlist filter. Shutting the view down stops it taking tasks and lets it await
 * its own; the pool stays open.
 */
public final class PoolExecutorService extends AbstractExecutorService
{
    private final Pool pool;
    private final ObjectInputFilter filter;
    private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    public PoolExecutorService(final Pool pool, final ObjectInputFilter filter)
    {
        this.pool = pool;
        this.filter = filter;
    }

    @Override
    public <T> Future<T> submit(final Callable<T> task)
    {
        return run(task);
    }

    @Override
    public Future<?> submit(final Runnable task)
    {
        return run(new RunnableCallable(checkSerializable(task)));
    }

    @Override
    public <T> Future<T> submit(final Runnable task, final T result)
    {
        final CompletableFuture<T> future = new CompletableFuture<>();
        run(new RunnableCallable(checkSerializable(task))).whenComplete((ignored, error) ->
        {
            if (null != error)
            {
                future.completeExceptionally(error);
            }
            else
            {
                future.complete(result);
            }
        });
        return future;
    }

    @Override
    public <T> List<Future<T>> invokeAll(final Collection<? extends Callable<T>> tasks)
        throws InterruptedException
    {
        final List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (final Callable<T> task : tasks)
        {
            futures.add(run(task));
        }
        for (final Future<T> future : futures)
        {
            try
            {
                future.get();
            }
            catch (final ExecutionException | CancellationException ignored)
            {
                // the caller reads each outcome from its future
            }
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(
        final Collection<? extends Callable<T>> tasks, final long timeout, final TimeUnit unit)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        final List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (final Callable<T> task : tasks)
        {
            futures.add(run(task));
        }
        for (final Future<T> future : futures)
        {
            try
            {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (final TimeoutException ex)
            {
                futures.forEach(f -> f.cancel(false));
                break;
            }
            catch (final ExecutionException | CancellationException ignored)
            {
                // the caller reads each outcome from its future
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(final Collection<? extends Callable<T>> tasks)
        throws InterruptedException, ExecutionException
    {
        try
        {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("unreachable without a deadline", ex);
        }
    }

    @Override
    public <T> T invokeAny(
        final Collection<? extends Callable<T>> tasks, final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException
    {
        if (tasks.isEmpty())
        {
            throw new IllegalArgumentException("no tasks: tasks=[]");
        }
        final CompletableFuture<T> first = new CompletableFuture<>();
        final AtomicInteger failures = new AtomicInteger();
        final List<CompletableFuture<T>> futures = new ArrayList<>(tasks.size());
        for (final Callable<T> task : tasks)
        {
            futures.add(run(task));
        }
        for (final CompletableFuture<T> future : futures)
        {
            future.whenComplete((value, error) ->
            {
                if (null == error)
                {
                    first.complete(value);
                }
                else if (failures.incrementAndGet() == futures.size())
                {
                    first.completeExceptionally(error);
                }
            });
        }
        try
        {
            return first.get(timeout, unit);
        }
        finally
        {
            futures.forEach(f -> f.cancel(false));
        }
    }

    @Override
    public void execute(final Runnable command)
    {
        submit(command);
    }

    @Override
    public void shutdown()
    {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow()
    {
        shutdown = true;
        outstanding.forEach(f -> f.cancel(false));
        return List.of();
    }

    @Override
    public boolean isShutdown()
    {
        return shutdown;
    }

    @Override
    public boolean isTerminated()
    {
        return shutdown && outstanding.isEmpty();
    }

    @Override
    public boolean awaitTermination(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated())
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> run(final Callable<T> task)
    {
        if (shutdown)
        {
            throw new RejectedExecutionException("executor view is shut down");
        }
        checkSerializable(task);
        final byte[] serialized = JavaSerialization.write(task);
        final CompletableFuture<T> future = pool.submit(SerializedCallableTask.class, serialized)
            .thenApply(result -> (T)JavaSerialization.read(result, filter));
        outstanding.add(future);
        future.whenComplete((value, error) -> outstanding.remove(future));
        return future;
    }

    private static <T> T checkSerializable(final T task)
    {
        if (null == task)
        {
            throw new NullPointerException("task must not be null: task=null");
        }
        if (!(task instanceof Serializable))
        {
            throw new IllegalArgumentException("task must be Serializable to cross to a worker: class=" +
                task.getClass().getName());
        }
        return task;
    }

    /** A serializable runnable as a callable returning null. */
    private record RunnableCallable(Runnable runnable) implements Callable<Object>, Serializable
    {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object call()
        {
            runnable.run();
            return null;
        }
    }
}
