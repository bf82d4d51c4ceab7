package io.flotilla.cluster.internal;

import io.flotilla.AsyncTask;
import io.flotilla.PoolConfig;
import io.flotilla.Task;
import io.flotilla.core.ChunkSink;
import io.flotilla.core.LocalPool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the chunks a node receives on its local pool. A chunk is cut into local chunks so that every worker and every
 * concurrency slot of the node gets a share; the Hazelcast executor thread that called waits for the answer, which the
 * node's window of chunks in flight bounds.
 */
public final class NodeRunner
{
    /** Key of the runner in the Hazelcast member's user context. */
    public static final String USER_CONTEXT_KEY = "io.flotilla.node";

    private final CompletableFuture<LocalPool> pool;
    private final int slots;
    private volatile String address = "starting";

    /**
     * @param pool the node's pool, which may still be starting: the member joins meanwhile, and a chunk that comes
     *             early waits for the pool (or fails with the pool's start-up error).
     */
    public NodeRunner(final CompletableFuture<LocalPool> pool, final PoolConfig config)
    {
        this.pool = pool;
        this.slots = config.processes() * config.childConcurrency();
    }

    /** The node's address, once its member is up; outcomes and errors name it. */
    public void address(final String address)
    {
        this.address = address;
    }

    ChunkOutcome run(final ChunkTask task)
    {
        final long start = System.nanoTime();
        final Class<?> function = load(task.functionName);
        final Object[] items = ItemCodec.decode(task.items, task.count);
        final int localChunk = Math.max(1, (items.length + slots - 1) / slots);
        final CompletableFuture<ChunkOutcome> outcome = new CompletableFuture<>();
        final LocalPool pool;
        try
        {
            pool = this.pool.join();
        }
        catch (final CompletionException ex)
        {
            throw new IllegalStateException("node's local pool did not start: node=" + address + ", cause=" +
                ex.getCause(), ex.getCause());
        }
        pool.runItems(function, ChunkTask.ASYNC == task.kind ? AsyncTask.class : Task.class, items, localChunk,
            0 == task.itemTimeoutMs ? null : Duration.ofMillis(task.itemTimeoutMs), new ChunkSink()
            {
                @Override
                public void complete(final Object[] values, final RuntimeException[] errors)
                {
                    outcome.complete(new ChunkOutcome(address, System.nanoTime() - start, values, errors));
                }

                @Override
                public void fail(final RuntimeException failure)
                {
                    outcome.completeExceptionally(failure);
                }
            });
        try
        {
            return outcome.join();
        }
        catch (final CompletionException ex)
        {
            throw ex.getCause() instanceof RuntimeException re ? re : ex;
        }
    }

    private Class<?> load(final String name)
    {
        try
        {
            return Class.forName(name, false, NodeRunner.class.getClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            throw new IllegalArgumentException("function class cannot be loaded on this node: function=" + name +
                ", node=" + address + ", cause=" + ex);
        }
    }
}
