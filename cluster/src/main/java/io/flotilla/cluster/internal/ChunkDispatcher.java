package io.flotilla.cluster.internal;

import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.IExecutorService;
import io.flotilla.TaskFailedException;
import io.flotilla.cluster.ClusterConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Sends chunks to nodes and keeps the cluster pool's in-flight table. Each node has a window of
 * {@link ClusterConfig#chunksPerNode()} chunks; a chunk goes to the least loaded node with room, cut from the waiting
 * sources in turn. A chunk whose node left (killed, or silent past the heartbeat timeout) is sent again to a live node,
 * up to {@link ClusterConfig#maxRetries()} times, and is answered exactly once whatever arrives late. When no node is
 * left, waiting work fails after {@link ClusterConfig#joinTimeout()}.
 * <p>
 * This is the face the cluster pool calls: the state is in the {@link DispatchBook}, the nodes in its
 * {@link NodeTable}, the send loop is the {@link ChunkScheduler}, and what is sent again is the {@link RetryPolicy}'s
 * call. Failing work outside the lock is done here.
 */
public final class ChunkDispatcher
{
    private final LongSupplier nanoClock;
    private final RetryPolicy policy;
    private final DispatchBook book;
    private final ChunkScheduler scheduler;

    /** @param nanoClock the time for the no-node timeout, as {@link System#nanoTime()} gives it. */
    ChunkDispatcher(final ChunkSender sender, final ClusterConfig config, final LongSupplier nanoClock)
    {
        this.nanoClock = nanoClock;
        this.policy = RetryPolicy.of(config);
        this.book = new DispatchBook(config.chunksPerNode(),
            new ChunkSizer(config.targetChunkTime().toNanos(), config.maxChunkItems()), policy);
        this.scheduler = new ChunkScheduler(book, sender, policy);
    }

    /** @return a dispatcher that sends with Hazelcast's executor. */
    public static ChunkDispatcher onHazelcast(final IExecutorService executor, final ClusterConfig config)
    {
        return new ChunkDispatcher(new HazelcastSender(executor), config, System::nanoTime);
    }

    /** @return a listener that tells this dispatcher which members are nodes, as they join and leave. */
    public MembershipListener membershipListener()
    {
        return new NodeMembership(this);
    }

    /** @return items per chunk for an open-ended input of the function, from what its chunks took so far. */
    public int suggestedChunk(final String function)
    {
        return book.suggestedChunk(function);
    }

    /** Queues a source's work and sends what the nodes have room for. */
    void offer(final ChunkSource source)
    {
        final String refusal = book.accept(source);
        if (null != refusal)
        {
            // outside the lock: failing completes user futures, whose callbacks may call back in
            source.failRest(new TaskFailedException(refusal));
            return;
        }
        scheduler.dispatch();
    }

    /** Takes no more work: later offers fail. {@link #terminate()} then fails what slipped in before. */
    public void closeForWork()
    {
        book.closeForWork();
    }

    /** @return addresses of the live nodes. */
    public List<String> nodeAddresses()
    {
        return book.nodes().addresses();
    }

    /** @return chunks sent again because their node left. */
    public long resentChunks()
    {
        return book.resentChunks();
    }

    /** @return chunks sent to nodes and not answered yet. */
    public int chunksInFlight()
    {
        return book.chunksInFlight();
    }

    /** @return chunks nodes have answered. */
    public long answeredChunks()
    {
        return book.answeredChunks();
    }

    /**
     * Waits until at least {@code count} nodes are in the cluster.
     *
     * @return false when the time ran out first.
     */
    public boolean awaitNodes(final int count, final long timeoutNanos) throws InterruptedException
    {
        return book.nodes().awaitNodes(count, timeoutNanos);
    }

    /** Waits until nothing is waiting or in flight. */
    public void awaitIdle() throws InterruptedException
    {
        while (!book.awaitIdle())
        {
            tick();
        }
    }

    /** Fails everything waiting or in flight; later offers fail at once. */
    public void terminate()
    {
        terminate("cluster pool terminated before the task ended");
    }

    /** {@link #terminate()} with the failure's message. */
    public void terminate(final String reason)
    {
        final List<Chunk> chunks = new ArrayList<>();
        final List<ChunkSource> sources = new ArrayList<>();
        book.terminate(chunks, sources);
        ChunkAnswers.failAll(chunks, sources, new TaskFailedException(reason));
    }

    /** Called every 100 ms or so: fails work that has waited for a node longer than the join timeout. */
    public void tick()
    {
        final List<Chunk> chunks = new ArrayList<>();
        final List<ChunkSource> sources = new ArrayList<>();
        book.takeWorkWithoutNodes(nanoClock.getAsLong(), chunks, sources);
        if (chunks.isEmpty() && sources.isEmpty())
        {
            return;
        }
        // outside the lock: failing completes user futures, whose callbacks may submit again or block
        ChunkAnswers.failAll(chunks, sources, new TaskFailedException(policy.noNodeFailure()));
    }

    /** Nodes joined (none, for a member that is no node): work waiting for room is sent. */
    void nodesJoined(final List<NodeSlot> joined)
    {
        book.nodes().join(joined);
        scheduler.dispatch();
    }

    /** A member left; its chunks in flight fail through their calls and are sent again from there. */
    void nodeLeft(final UUID id)
    {
        book.nodes().leave(id);
    }
}
