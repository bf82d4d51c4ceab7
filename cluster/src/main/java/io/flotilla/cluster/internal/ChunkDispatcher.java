package io.flotilla.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.flotilla.RemoteTaskException;
import io.flotilla.TaskFailedException;
import io.flotilla.TaskTimeoutException;
import io.flotilla.cluster.ClusterConfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends chunks to nodes and keeps the cluster pool's in-flight table. Each node has a window of
 * {@link ClusterConfig#chunksPerNode()} chunks; a chunk goes to the least loaded node with room, cut from the waiting
 * sources in turn. A chunk whose node left (killed, or silent past the heartbeat timeout) is sent again to a live node,
 * up to {@link ClusterConfig#maxRetries()} times, and is answered exactly once whatever arrives late. When no node is
 * left, waiting work fails after {@link ClusterConfig#joinTimeout()}.
 */
public final class ChunkDispatcher implements InitialMembershipListener
{
    private static final System.Logger LOG = System.getLogger(ChunkDispatcher.class.getName());

    private final IExecutorService executor;
    private final ClusterConfig config;
    private final ChunkSizer sizer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<UUID, NodeSlot> nodes = new LinkedHashMap<>();
    private final ArrayDeque<Chunk> resend = new ArrayDeque<>();
    private final ArrayDeque<ChunkSource> sources = new ArrayDeque<>();
    private final Set<Chunk> inFlight = new HashSet<>();
    private long noNodeSinceNanos;
    private long resent;
    private long answeredChunks;
    private boolean terminated;
    private boolean closed;

    public ChunkDispatcher(final IExecutorService executor, final ClusterConfig config)
    {
        this.executor = executor;
        this.config = config;
        this.sizer = new ChunkSizer(config.targetChunkTime().toNanos(), config.maxChunkItems());
    }

    /** @return items per chunk for an open-ended input of the function, from what its chunks took so far. */
    public int suggestedChunk(final String function)
    {
        lock.lock();
        try
        {
            return sizer.size(function, Integer.MAX_VALUE, nodes.size());
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Queues a source's work and sends what the nodes have room for. */
    void offer(final ChunkSource source)
    {
        final String refusal;
        lock.lock();
        try
        {
            refusal = terminated ? "cluster pool terminated before the task was sent" :
                closed ? "cluster pool closed before the task was sent" : null;
            if (null == refusal && !sources.contains(source))
            {
                sources.addLast(source);
            }
        }
        finally
        {
            lock.unlock();
        }
        if (null != refusal)
        {
            // outside the lock: failing completes user futures, whose callbacks may call back in
            source.failRest(new TaskFailedException(refusal));
            return;
        }
        pump();
    }

    /** Takes no more work: later offers fail. {@link #terminate()} then fails what slipped in before. */
    public void closeForWork()
    {
        lock.lock();
        try
        {
            closed = true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** @return addresses of the live nodes. */
    public List<String> nodeAddresses()
    {
        lock.lock();
        try
        {
            final List<String> addresses = new ArrayList<>();
            for (final NodeSlot node : nodes.values())
            {
                addresses.add(node.address);
            }
            return addresses;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** @return chunks sent again because their node left. */
    public long resentChunks()
    {
        lock.lock();
        try
        {
            return resent;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** @return chunks sent to nodes and not answered yet. */
    public int chunksInFlight()
    {
        lock.lock();
        try
        {
            return inFlight.size();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** @return chunks nodes have answered. */
    public long answeredChunks()
    {
        lock.lock();
        try
        {
            return answeredChunks;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} nodes are in the cluster.
     *
     * @return false when the time ran out first.
     */
    public boolean awaitNodes(final int count, final long timeoutNanos) throws InterruptedException
    {
        lock.lock();
        try
        {
            long left = timeoutNanos;
            while (nodes.size() < count)
            {
                if (left <= 0)
                {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Waits until nothing is waiting or in flight. */
    public void awaitIdle() throws InterruptedException
    {
        while (true)
        {
            lock.lock();
            try
            {
                if (inFlight.isEmpty() && resend.isEmpty() && sources.isEmpty())
                {
                    return;
                }
                changed.await(100, TimeUnit.MILLISECONDS);
            }
            finally
            {
                lock.unlock();
            }
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
        final List<ChunkSource> waiting = new ArrayList<>();
        lock.lock();
        try
        {
            terminated = true;
            chunks.addAll(inFlight);
            chunks.addAll(resend);
            waiting.addAll(sources);
            inFlight.clear();
            resend.clear();
            sources.clear();
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
        final TaskFailedException failure = new TaskFailedException(reason);
        for (final Chunk chunk : chunks)
        {
            if (chunk.claimAnswer())
            {
                chunk.sink.fail(failure);
            }
        }
        for (final ChunkSource source : waiting)
        {
            source.failRest(failure);
        }
    }

    /** Called every 100 ms or so: fails work that has waited for a node longer than the join timeout. */
    public void tick()
    {
        final List<Chunk> chunks = new ArrayList<>();
        final List<ChunkSource> waiting = new ArrayList<>();
        lock.lock();
        try
        {
            takeWorkWithoutNodes(chunks, waiting);
        }
        finally
        {
            lock.unlock();
        }
        if (chunks.isEmpty() && waiting.isEmpty())
        {
            return;
        }
        // outside the lock: failing completes user futures, whose callbacks may submit again or block
        final TaskFailedException failure = new TaskFailedException("no node left in the cluster to run the task " +
            "for joinTimeout=" + config.joinTimeout() + ": clusterName=" + config.clusterName());
        for (final Chunk chunk : chunks)
        {
            if (chunk.claimAnswer())
            {
                chunk.sink.fail(failure);
            }
        }
        for (final ChunkSource source : waiting)
        {
            source.failRest(failure);
        }
    }

    @Override
    public void init(final InitialMembershipEvent event)
    {
        for (final Member member : event.getMembers())
        {
            added(member);
        }
        pump();
    }

    @Override
    public void memberAdded(final MembershipEvent event)
    {
        added(event.getMember());
        pump();
    }

    @Override
    public void memberRemoved(final MembershipEvent event)
    {
        lock.lock();
        try
        {
            final NodeSlot node = nodes.remove(event.getMember().getUuid());
            if (null != node)
            {
                LOG.log(System.Logger.Level.WARNING, "node left the cluster: node={0}, chunksInFlight={1}",
                    node.address, node.inFlight);
            }
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void added(final Member member)
    {
        if (member.isLiteMember() || null == member.getAttribute(HazelcastSetup.NODE_ATTRIBUTE))
        {
            return;
        }
        lock.lock();
        try
        {
            nodes.putIfAbsent(member.getUuid(), new NodeSlot(member));
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void pump()
    {
        List<Chunk> sends = null;
        lock.lock();
        try
        {
            while (!terminated)
            {
                final NodeSlot node = leastLoaded();
                if (null == node)
                {
                    break;
                }
                Chunk chunk = resend.pollFirst();
                if (null == chunk)
                {
                    final ChunkSource source = sources.pollFirst();
                    if (null == source)
                    {
                        break;
                    }
                    chunk = source.cut(sizer, nodes.size());
                    if (source.hasMore())
                    {
                        sources.addLast(source); // in turn with the other sources
                    }
                    if (null == chunk)
                    {
                        continue;
                    }
                }
                chunk.attempts++;
                chunk.node = node;
                node.inFlight++;
                chunk.sharing = node.inFlight;
                inFlight.add(chunk);
                if (null == sends)
                {
                    sends = new ArrayList<>();
                }
                sends.add(chunk);
            }
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
        if (null != sends)
        {
            for (final Chunk chunk : sends)
            {
                if (!chunk.isAnswered()) // terminate may have failed it since it left the lock
                {
                    send(chunk, chunk.node);
                }
            }
        }
    }

    private NodeSlot leastLoaded()
    {
        NodeSlot best = null;
        for (final NodeSlot node : nodes.values())
        {
            if (node.inFlight < config.chunksPerNode() && (null == best || node.inFlight < best.inFlight))
            {
                best = node;
            }
        }
        return best;
    }

    private void send(final Chunk chunk, final NodeSlot node)
    {
        try
        {
            executor.submitToMember(chunk.task, node.member, new ExecutionCallback<ChunkOutcome>()
            {
                @Override
                public void onResponse(final ChunkOutcome outcome)
                {
                    answered(chunk, node, outcome);
                }

                @Override
                public void onFailure(final Throwable failure)
                {
                    failed(chunk, node, failure);
                }
            });
        }
        catch (final RuntimeException ex)
        {
            failed(chunk, node, ex);
        }
    }

    private void answered(final Chunk chunk, final NodeSlot node, final ChunkOutcome outcome)
    {
        lock.lock();
        try
        {
            node.inFlight--;
            answeredChunks++;
            inFlight.remove(chunk);
        }
        finally
        {
            lock.unlock();
        }
        // a chunk's node time is shared with the other chunks in flight there: size by its share, not its wall time
        sizer.record(chunk.task.functionName, outcome.elapsedNanos, outcome.count * chunk.sharing);
        if (chunk.claimAnswer())
        {
            final Object[] values;
            try
            {
                values = ItemCodec.decode(outcome.values, outcome.count);
            }
            catch (final RuntimeException ex)
            {
                chunk.sink.fail(new TaskFailedException("results of a chunk could not be decoded: node=" +
                    outcome.node + ", function=" + chunk.task.functionName + ", cause=" + ex));
                pump();
                return;
            }
            final RuntimeException[] errors = outcome.errors;
            for (int i = 0; i < errors.length; i++)
            {
                errors[i] = viaNode(errors[i], outcome.node);
            }
            chunk.sink.complete(values, errors);
        }
        pump();
    }

    private void failed(final Chunk chunk, final NodeSlot node, final Throwable failure)
    {
        final boolean nodeLeft = nodeLeft(failure);
        boolean again = false;
        lock.lock();
        try
        {
            node.inFlight--;
            if (memberGone(failure))
            {
                // Hazelcast fails the calls and tells the listener on different threads: drop the node now, or the
                // re-send below could go straight back to it and spend every retry there
                nodes.remove(node.member.getUuid(), node);
            }
            if (inFlight.remove(chunk) && nodeLeft && !terminated && chunk.attempts <= config.maxRetries())
            {
                resend.addLast(chunk);
                resent++;
                again = true;
            }
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
        if (again)
        {
            LOG.log(System.Logger.Level.DEBUG, "sending a chunk again, its node left: node={0}, attempt={1}, items={2}",
                node.address, chunk.attempts, chunk.task.count);
        }
        else if (chunk.claimAnswer())
        {
            chunk.sink.fail(new TaskFailedException(nodeLeft ?
                "chunk lost: the node running it left, attempts=" + chunk.attempts + ", maxRetries=" +
                config.maxRetries() + ", node=" + node.address + ", function=" + chunk.task.functionName +
                ", items=" + chunk.task.count :
                "chunk failed on node=" + node.address + ", function=" + chunk.task.functionName + ", items=" +
                chunk.task.count + ": " + describe(failure)));
        }
        pump();
    }

    /** Moves work that waited for a node longer than the join timeout into the lists; called under the lock. */
    private void takeWorkWithoutNodes(final List<Chunk> chunks, final List<ChunkSource> waiting)
    {
        final boolean workWaits = !resend.isEmpty() || !sources.isEmpty();
        if (!nodes.isEmpty() || !workWaits)
        {
            noNodeSinceNanos = 0;
            return;
        }
        final long now = System.nanoTime();
        if (0 == noNodeSinceNanos)
        {
            noNodeSinceNanos = now;
            return;
        }
        if (now - noNodeSinceNanos < config.joinTimeout().toNanos())
        {
            return;
        }
        chunks.addAll(resend);
        resend.clear();
        waiting.addAll(sources);
        sources.clear();
        changed.signalAll();
    }

    private static boolean nodeLeft(final Throwable failure)
    {
        for (Throwable t = failure; null != t; t = t.getCause() == t ? null : t.getCause())
        {
            if (t instanceof MemberLeftException || t instanceof TargetNotMemberException ||
                t instanceof TargetDisconnectedException)
            {
                return true;
            }
        }
        return false;
    }

    /** Unlike a disconnect, which may heal, these mean the member is out of the cluster. */
    private static boolean memberGone(final Throwable failure)
    {
        for (Throwable t = failure; null != t; t = t.getCause() == t ? null : t.getCause())
        {
            if (t instanceof MemberLeftException || t instanceof TargetNotMemberException)
            {
                return true;
            }
        }
        return false;
    }

    private static String describe(final Throwable failure)
    {
        Throwable root = failure;
        while (root instanceof java.util.concurrent.ExecutionException && null != root.getCause())
        {
            root = root.getCause();
        }
        return root.getClass().getName() + (null != root.getMessage() ? ": " + root.getMessage() : "");
    }

    /** The node's answer with the node named: the worker's stack and the remote cause chain stay as they were. */
    static RuntimeException viaNode(final RuntimeException error, final String node)
    {
        return switch (error)
        {
            case null -> null;
            case RemoteTaskException remote -> new RemoteTaskException("on node " + node + ", " + remote.getMessage(),
                remote.remoteClassName(), remote.remoteMessage(), remote.getStackTrace(),
                remote.getCause() instanceof RemoteTaskException cause ? cause : null);
            case TaskTimeoutException timeout -> new TaskTimeoutException(timeout.getMessage() + ", node=" + node);
            case TaskFailedException failed -> new TaskFailedException(failed.getMessage() + ", node=" + node);
            default -> error;
        };
    }
}
