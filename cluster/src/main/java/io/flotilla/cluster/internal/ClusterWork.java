package io.flotilla.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import io.flotilla.AsyncTask;
import io.flotilla.Task;
import io.flotilla.cluster.ClusterConfig;
import io.flotilla.core.Arguments;
import io.flotilla.core.FunctionCheck;
import io.flotilla.core.ImapIterator;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The work side of a cluster pool: checks what is submitted before anything leaves, turns submits, maps and imaps
 * into chunk sources for the {@link ChunkDispatcher}, and ticks the dispatcher's no-node timer.
 */
public final class ClusterWork implements AutoCloseable
{
    /** Chunks stop growing at this many encoded bytes, whatever their item count (a single item may be bigger). */
    static final int MAX_CHUNK_BYTES = 4 << 20;

    private record QueueKey(String function, byte kind, long itemTimeoutMs)
    {
    }

    private final HazelcastInstance member;
    private final ClusterConfig config;
    private final ChunkDispatcher dispatcher;
    private final UUID listener;
    private final ScheduledExecutorService ticker;
    private final ConcurrentHashMap<QueueKey, SubmitQueue> queues = new ConcurrentHashMap<>();

    private ClusterWork(final HazelcastInstance member, final ClusterConfig config, final ChunkDispatcher dispatcher)
    {
        this.member = member;
        this.config = config;
        this.dispatcher = dispatcher;
        this.listener = member.getCluster().addMembershipListener(dispatcher.membershipListener());
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "flotilla-cluster-ticker");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void tick()
    {
        try
        {
            dispatcher.tick();
        }
        catch (final RuntimeException ex)
        {
            // a throw would cancel the schedule, and with it the no-node timeout
            System.getLogger(ClusterWork.class.getName()).log(System.Logger.Level.ERROR, "cluster tick failed", ex);
        }
    }

    public static ClusterWork start(final HazelcastInstance member, final ClusterConfig config)
    {
        return new ClusterWork(member, config,
            ChunkDispatcher.onHazelcast(member.getExecutorService(HazelcastSetup.EXECUTOR), config));
    }

    public boolean awaitNodes(final int count, final long timeoutNanos) throws InterruptedException
    {
        return dispatcher.awaitNodes(count, timeoutNanos);
    }

    public List<String> nodeAddresses()
    {
        return dispatcher.nodeAddresses();
    }

    /** @return chunks sent to nodes and not answered yet. */
    public int chunksInFlight()
    {
        return dispatcher.chunksInFlight();
    }

    /** @return chunks sent again because their node left. */
    public long resentChunks()
    {
        return dispatcher.resentChunks();
    }

    public long answeredChunks()
    {
        return dispatcher.answeredChunks();
    }

    /** Waits for the work taken so far, then takes no more; anything that slipped in meanwhile fails. */
    public void drain() throws InterruptedException
    {
        dispatcher.awaitIdle();
        dispatcher.closeForWork();
        dispatcher.terminate("cluster pool closed before the task was answered");
    }

    public void terminate()
    {
        dispatcher.terminate();
    }

    @Override
    public void close()
    {
        ticker.shutdownNow();
        member.getCluster().removeMembershipListener(listener);
    }

    /** A single task: it waits with the other submits of its function until a node has room. */
    public <R> CompletableFuture<R> submit(
        final Class<?> function, final Class<?> kind, final Object argument, final Duration timeout)
    {
        checkFunction(function, kind);
        final int length = checkItem(argument, "argument");
        final QueueKey key = new QueueKey(function.getName(), kindOf(kind), millis(timeout));
        final SubmitQueue queue = queues.computeIfAbsent(key,
            k -> new SubmitQueue(k.function, k.kind, k.itemTimeoutMs, MAX_CHUNK_BYTES));
        final CompletableFuture<Object> future = new CompletableFuture<>();
        queue.add(argument, length, future);
        dispatcher.offer(queue);
        @SuppressWarnings("unchecked")
        final CompletableFuture<R> typed = (CompletableFuture<R>)future;
        return typed;
    }

    /**
     * @param chunksize items per chunk, or 0 to size chunks from measured node time.
     */
    public <R> List<R> map(final Class<?> function, final Collection<?> items, final int chunksize)
    {
        checkFunction(function, Task.class);
        if (null == items)
        {
            throw new IllegalArgumentException("items must not be null: items=null");
        }
        final Object[] arguments = items.toArray();
        final ItemRun run = run(function, arguments, chunksize);
        dispatcher.offer(run);
        try
        {
            run.done().join();
        }
        catch (final CompletionException ex)
        {
            throw ex.getCause() instanceof RuntimeException re ? re : ex;
        }
        final RuntimeException error = run.firstError();
        if (null != error)
        {
            throw error;
        }
        @SuppressWarnings("unchecked")
        final List<R> list = (List<R>)Collections.unmodifiableList(Arrays.asList(run.values()));
        return list;
    }

    /** @return items per chunk that carry about the target node time, for a function measured so far (else a probe). */
    public int suggestedChunk(final Class<?> function)
    {
        return dispatcher.suggestedChunk(function.getName());
    }

    public <R> Iterator<R> imap(
        final Class<?> function, final Iterable<?> items, final int chunksize, final boolean ordered)
    {
        checkFunction(function, Task.class);
        if (null == items)
        {
            throw new IllegalArgumentException("items must not be null: items=null");
        }
        final int window = Math.max(2, 2 * config.chunksPerNode() * Math.max(1, nodeAddresses().size()));
        return new ImapIterator<>(items.iterator(), chunksize, window, ordered,
            // a node cuts what it receives into local chunks by bytes itself
            (argument, index) -> checkItem(argument, "items[" + index + "]"), Integer.MAX_VALUE,
            (arguments, sink) ->
            {
                final ItemRun run = run(function, arguments, arguments.length);
                run.done().thenAccept(done -> sink.complete(done.values(), done.errors()));
                dispatcher.offer(run);
            });
    }

    private ItemRun run(final Class<?> function, final Object[] arguments, final int chunksize)
    {
        final int[] lengths = new int[arguments.length];
        for (int i = 0; i < arguments.length; i++)
        {
            lengths[i] = checkItem(arguments[i], "items[" + i + "]");
        }
        final Duration timeout = config.localPool().taskTimeout();
        return new ItemRun(function.getName(), ChunkTask.SYNC, millis(timeout), arguments, lengths, chunksize,
            MAX_CHUNK_BYTES);
    }

    private static void checkFunction(final Class<?> function, final Class<?> kind)
    {
        if (null == function)
        {
            throw new IllegalArgumentException("function must not be null: function=null");
        }
        FunctionCheck.check(function, kind);
    }

    /** Items are checked against the nodes' payload limit, which the nodes' pool configuration sets. */
    private int checkItem(final Object item, final String what)
    {
        return Arguments.checkPayload(item, what, config.localPool().maxPayload());
    }

    private static byte kindOf(final Class<?> kind)
    {
        return AsyncTask.class == kind ? ChunkTask.ASYNC : ChunkTask.SYNC;
    }

    private static long millis(final Duration timeout)
    {
        return null == timeout ? 0 : Math.max(1, timeout.toMillis());
    }
}
