package io.flotilla.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.flotilla.AsyncTask;
import io.flotilla.AsyncTaskFunction;
import io.flotilla.Pool;
import io.flotilla.PoolConfig;
import io.flotilla.PoolProbe;
import io.flotilla.SharedCounter;
import io.flotilla.Task;
import io.flotilla.TaskFunction;
import io.flotilla.cluster.internal.ClusterWork;
import io.flotilla.cluster.internal.HazelcastSetup;
import io.flotilla.core.Arguments;
import io.flotilla.core.JavaSerialization;
import io.flotilla.core.PoolExecutorService;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The {@link Pool} API across machines. It joins the cluster as a Hazelcast lite member (it holds no data and runs no
 * tasks), sends chunks of tasks to {@link FlotillaNode}s with Hazelcast's executor, and keeps its own in-flight table:
 * a chunk whose node leaves is sent to a live node, so every future ends exactly once.
 * <pre>{@code
 * try (Pool pool = ClusterPool.connect(ClusterConfig.builder().member("10.0.0.5:5701").config())) {
 *     List<Integer> squares = pool.map(Square.class, items);   // chunks sized to ~20 ms of node time
 * }
 * }</pre>
 * Chunks are coarse because a Hazelcast call costs about half a millisecond: {@code map} sizes them from measured node
 * time, single {@code submit}s that arrive while every node is busy leave together as one chunk, and {@code imap}
 * takes the chunk size it is given (without one, a size from the function's measured node time), so give it a large
 * one. Shared counters live in one machine's shared memory and
 * are not offered here, nor are method references and lambdas ({@link TaskFunction}): a node receives chunks that
 * name a task class, so submit the {@code Class} of a named {@link Task} instead.
 */
public final class ClusterPool implements Pool
{
    private final ClusterConfig config;
    private final HazelcastInstance member;
    private final ClusterWork work;
    private final StopOnce stop = new StopOnce();

    private ClusterPool(final ClusterConfig config, final HazelcastInstance member, final ClusterWork work)
    {
        this.config = config;
        this.member = member;
        this.work = work;
    }

    /**
     * Joins the cluster and waits, at most {@link ClusterConfig#joinTimeout()}, for {@link ClusterConfig#minNodes()}
     * nodes.
     *
     * @throws IllegalStateException when too few nodes came in time; nothing is left running.
     */
    public static ClusterPool connect(final ClusterConfig config)
    {
        final HazelcastInstance member;
        try
        {
            member = Hazelcast.newHazelcastInstance(HazelcastSetup.memberConfig(config, null));
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("cluster pool could not join the cluster: clusterName=" +
                config.clusterName() + ", bindAddress=" + config.bindAddress() + ", port=" + config.port() +
                ", cause=" + ex, ex);
        }
        final ClusterWork work;
        try
        {
            work = ClusterWork.start(member, config);
            if (!work.awaitNodes(config.minNodes(), config.joinTimeout().toNanos()))
            {
                throw new IllegalStateException("too few nodes joined in time: nodes=" + work.nodeAddresses().size() +
                    ", minNodes=" + config.minNodes() + ", joinTimeout=" + config.joinTimeout() + ", members=" +
                    config.members() + ", clusterName=" + config.clusterName());
            }
        }
        catch (final InterruptedException ex)
        {
            member.shutdown();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for nodes", ex);
        }
        catch (final RuntimeException ex)
        {
            member.shutdown();
            throw ex;
        }
        return new ClusterPool(config, member, work);
    }

    /** @return the addresses (host:port) of the nodes this pool sends work to now. */
    public List<String> nodes()
    {
        return work.nodeAddresses();
    }

    /** @return chunks sent again because the node running them left. */
    public long resentChunks()
    {
        return work.resentChunks();
    }

    /** @return chunks the nodes have answered (with {@link #resentChunks()}, how work was cut and moved). */
    public long answeredChunks()
    {
        return work.answeredChunks();
    }

    /** @return the cluster configuration; {@link #config()} is the node pool's, for task defaults. */
    public ClusterConfig clusterConfig()
    {
        return config;
    }

    @Override
    public PoolConfig config()
    {
        return config.localPool();
    }

    @Override
    public <A, R> CompletableFuture<R> submit(final Class<? extends Task<A, R>> function, final A argument)
    {
        checkOpen();
        return work.submit(function, Task.class, argument, config.localPool().taskTimeout());
    }

    @Override
    public <A, R> CompletableFuture<R> submit(
        final Class<? extends Task<A, R>> function, final A argument, final Duration timeout)
    {
        checkOpen();
        Arguments.checkTimeout(timeout);
        return work.submit(function, Task.class, argument, timeout);
    }

    @Override
    public <A, R> CompletableFuture<R> submitAsync(final Class<? extends AsyncTask<A, R>> function, final A argument)
    {
        checkOpen();
        return work.submit(function, AsyncTask.class, argument, config.localPool().taskTimeout());
    }

    @Override
    public <A, R> CompletableFuture<R> submitAsync(
        final Class<? extends AsyncTask<A, R>> function, final A argument, final Duration timeout)
    {
        checkOpen();
        Arguments.checkTimeout(timeout);
        return work.submit(function, AsyncTask.class, argument, timeout);
    }

    @Override
    public <A, R> List<R> map(final Class<? extends Task<A, R>> function, final Collection<? extends A> items)
    {
        checkOpen();
        return work.map(function, items, 0);
    }

    @Override
    public <A, R> List<R> map(
        final Class<? extends Task<A, R>> function, final Collection<? extends A> items, final int chunksize)
    {
        checkOpen();
        Arguments.checkChunksize(chunksize);
        return work.map(function, items, chunksize);
    }

    @Override
    public <A, R> Iterator<R> imap(
        final Class<? extends Task<A, R>> function, final Iterable<? extends A> items, final int chunksize)
    {
        checkOpen();
        Arguments.checkChunksize(chunksize);
        return work.imap(function, items, chunksize, true);
    }

    /**
     * {@link #imap(Class, Iterable, int)} with chunks sized from the function's measured node time (a small probe size
     * until it has run here), instead of {@link Pool#DEFAULT_IMAP_CHUNKSIZE}: a Hazelcast call per 64 items would cost
     * more than most tasks.
     */
    @Override
    public <A, R> Iterator<R> imap(final Class<? extends Task<A, R>> function, final Iterable<? extends A> items)
    {
        checkOpen();
        if (null == function)
        {
            throw new IllegalArgumentException("function must not be null: function=null");
        }
        return work.imap(function, items, work.suggestedChunk(function), true);
    }

    @Override
    public <A, R> Iterator<R> imapUnordered(
        final Class<? extends Task<A, R>> function, final Iterable<? extends A> items, final int chunksize)
    {
        checkOpen();
        Arguments.checkChunksize(chunksize);
        return work.imap(function, items, chunksize, false);
    }

    @Override
    public <R> List<R> starmap(final Class<? extends Task<Object[], R>> function, final Collection<Object[]> tuples)
    {
        checkOpen();
        Arguments.checkTuples(tuples);
        return work.map(function, tuples, 0);
    }

    /**
     * @throws UnsupportedOperationException always: nodes receive chunks that name a task class, and a lambda's shape
     *                                       does not cross to them; submit the {@code Class} of a named {@link Task}.
     */
    @Override
    public <A, R> CompletableFuture<R> submit(final TaskFunction<A, R> function, final A argument)
    {
        throw lambdasUnsupported("submit");
    }

    /** @throws UnsupportedOperationException always, as {@link #submit(TaskFunction, Object)}. */
    @Override
    public <A, R> CompletableFuture<R> submit(final TaskFunction<A, R> function, final A argument,
        final Duration timeout)
    {
        throw lambdasUnsupported("submit");
    }

    /** @throws UnsupportedOperationException always, as {@link #submit(TaskFunction, Object)}. */
    @Override
    public <A, R> CompletableFuture<R> submitAsync(final AsyncTaskFunction<A, R> function, final A argument)
    {
        throw lambdasUnsupported("submitAsync");
    }

    /** @throws UnsupportedOperationException always, as {@link #submit(TaskFunction, Object)}. */
    @Override
    public <A, R> CompletableFuture<R> submitAsync(
        final AsyncTaskFunction<A, R> function, final A argument, final Duration timeout)
    {
        throw lambdasUnsupported("submitAsync");
    }

    /** @throws UnsupportedOperationException always, as {@link #submit(TaskFunction, Object)}. */
    @Override
    public <A, R> List<R> map(final TaskFunction<A, R> function, final Collection<? extends A> items)
    {
        throw lambdasUnsupported("map");
    }

    /** @throws UnsupportedOperationException always, as {@link #submit(TaskFunction, Object)}. */
    @Override
    public <A, R> List<R> map(
        final TaskFunction<A, R> function, final Collection<? extends A> items, final int chunksize)
    {
        throw lambdasUnsupported("map");
    }

    /** @throws UnsupportedOperationException always, as {@link #submit(TaskFunction, Object)}. */
    @Override
    public <A, R> Iterator<R> imap(
        final TaskFunction<A, R> function, final Iterable<? extends A> items, final int chunksize)
    {
        throw lambdasUnsupported("imap");
    }

    /** @throws UnsupportedOperationException always, as {@link #submit(TaskFunction, Object)}. */
    @Override
    public <A, R> Iterator<R> imapUnordered(
        final TaskFunction<A, R> function, final Iterable<? extends A> items, final int chunksize)
    {
        throw lambdasUnsupported("imapUnordered");
    }

    private static UnsupportedOperationException lambdasUnsupported(final String method)
    {
        return new UnsupportedOperationException("a cluster pool runs named task classes only, not method " +
            "references or lambdas: method=" + method + "; pass the Class of a public Task (or AsyncTask) with a " +
            "public no-argument constructor, e.g. pool." + method + "(Square.class, ...)");
    }

    /**
     * @throws UnsupportedOperationException always: a shared counter lives in one machine's shared memory, so
     *                                       tasks on different nodes would each see their own.
     */
    @Override
    public SharedCounter sharedCounter(final String name)
    {
        throw new UnsupportedOperationException("shared counters live in one machine's shared memory and a cluster " +
            "pool spans machines; return the tally with the results instead: name=" + name);
    }

    /** @return a {@link ClusterProbe}: no local workers, and in flight the chunks sent to nodes. */
    @Override
    public PoolProbe probe()
    {
        return new ClusterProbe(work);
    }

    @Override
    public ExecutorService asExecutorService()
    {
        checkOpen();
        if (null == config.localPool().serializationAllowlist())
        {
            throw new IllegalStateException("the ExecutorService view needs Java serialization: build the nodes' " +
                "pool with javaSerialization(allowed class patterns) and give the same localPool here: clusterName=" +
                config.clusterName());
        }
        return new PoolExecutorService(this, JavaSerialization.filter(config.localPool().serializationAllowlist()));
    }

    /** Stops taking work, waits for every task to end, then leaves the cluster. Idempotent. */
    @Override
    public void close()
    {
        if (!stop.begin())
        {
            stop.awaitStopped();
            return;
        }
        try
        {
            work.drain();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            work.terminate();
        }
        finally
        {
            finishStop();
        }
    }

    /** Fails every task not answered yet with a {@link io.flotilla.TaskFailedException} and leaves the cluster. */
    @Override
    public void terminate()
    {
        if (!stop.begin())
        {
            work.terminate();
            stop.awaitStopped();
            return;
        }
        try
        {
            work.terminate();
        }
        finally
        {
            finishStop();
        }
    }

    @Override
    public void join() throws InterruptedException
    {
        stop.join(config.clusterName());
    }

    @Override
    public String toString()
    {
        return "ClusterPool{clusterName=" + config.clusterName() + ", nodes=" + nodes() + ", state=" + stop.state() +
            "}";
    }

    private void finishStop()
    {
        try
        {
            work.close();
            member.shutdown();
        }
        finally
        {
            stop.finish();
        }
    }

    private void checkOpen()
    {
        stop.checkOpen(config.clusterName());
    }
}
