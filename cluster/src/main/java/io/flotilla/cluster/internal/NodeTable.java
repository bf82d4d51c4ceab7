package io.flotilla.cluster.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The nodes chunks may go to, by member UUID in the order they joined, and each one's chunks in flight. Each node has a
 * window of {@code chunksPerNode} chunks; the next chunk goes to the least loaded node with room, the earliest joined
 * on a tie.
 * <p>
 * Guarded by the dispatcher's lock, which it is given: joins, leaves and the reads from outside take it themselves;
 * {@link #leastLoaded()}, {@link #sent(NodeSlot)}, {@link #returned(NodeSlot)}, {@link #drop(NodeSlot)} and
 * {@link #size()} are for the {@link DispatchBook}, which holds it across its changes.
 */
final class NodeTable
{
    private static final System.Logger LOG = System.getLogger(ChunkDispatcher.class.getName());

    private final int chunksPerNode;
    private final ReentrantLock lock;
    private final Condition changed;
    private final Map<UUID, NodeSlot> nodes = new LinkedHashMap<>();

    /** @param changed signalled when a node joins or leaves. */
    NodeTable(final int chunksPerNode, final ReentrantLock lock, final Condition changed)
    {
        if (chunksPerNode < 1)
        {
            throw new IllegalArgumentException("chunksPerNode must be at least 1: chunksPerNode=" + chunksPerNode);
        }
        this.chunksPerNode = chunksPerNode;
        this.lock = lock;
        this.changed = changed;
    }

    /** Adds the nodes; one whose UUID is in already is ignored, and the first one stays. */
    void join(final List<NodeSlot> joined)
    {
        lock.lock();
        try
        {
            for (final NodeSlot node : joined)
            {
                nodes.putIfAbsent(node.id, node);
            }
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** @return the node that left, or null when none with that UUID was in. */
    NodeSlot leave(final UUID id)
    {
        lock.lock();
        try
        {
            final NodeSlot node = nodes.remove(id);
            if (null != node)
            {
                LOG.log(System.Logger.Level.WARNING, "node left the cluster: node={0}, chunksInFlight={1}",
                    node.address, node.inFlight);
            }
            changed.signalAll();
            return node;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** @return the addresses of the nodes in, in the order they joined. */
    List<String> addresses()
    {
        lock.lock();
        try
        {
            final List<String> addresses = new ArrayList<>(nodes.size());
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

    /** @return false when fewer than {@code count} nodes were in when the time ran out. */
    boolean awaitNodes(final int count, final long timeoutNs) throws InterruptedException
    {
        lock.lock();
        try
        {
            long left = timeoutNs;
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

    /** Under the lock. @return the least loaded node with room for a chunk, or null when none has room. */
    NodeSlot leastLoaded()
    {
        NodeSlot best = null;
        for (final NodeSlot node : nodes.values())
        {
            if (node.inFlight < chunksPerNode && (null == best || node.inFlight < best.inFlight))
            {
                best = node;
            }
        }
        return best;
    }

    /** Under the lock: a chunk goes to the node. @return the node's chunks in flight now, the new one included. */
    int sent(final NodeSlot node)
    {
        return ++node.inFlight;
    }

    /** Under the lock: a chunk the node had came back or failed; the node may have left since. */
    void returned(final NodeSlot node)
    {
        node.inFlight--;
    }

    /** Under the lock: drops this very node, not another that joined later with its UUID. */
    boolean drop(final NodeSlot node)
    {
        return nodes.remove(node.id, node);
    }

    /** Under the lock. */
    int size()
    {
        return nodes.size();
    }
}
