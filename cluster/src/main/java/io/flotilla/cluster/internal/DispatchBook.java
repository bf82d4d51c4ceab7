package io.flotilla.cluster.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a cluster pool's dispatcher knows, under one lock: the {@link NodeTable} (which shares it), the
 * {@link WaitingWork}, the chunks in flight, whether work is still taken, and since when work has waited with no node.
 * Each change that must be atomic is one method here, and none of them runs user code or sends anything: the
 * {@link ChunkScheduler} and the {@link ChunkDispatcher} do that once the lock is released. Any thread may call.
 */
final class DispatchBook
{
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final NodeTable nodes;
    private final WaitingWork waiting = new WaitingWork();
    private final Set<Chunk> inFlight = new HashSet<>();
    private final ChunkSizer sizer;
    private final RetryPolicy policy;
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private boolean waitingForNode;
    private long noNodeSinceNs;
    private boolean terminated;
    private boolean closed;

    DispatchBook(final int chunksPerNode, final ChunkSizer sizer, final RetryPolicy policy)
    {
        this.nodes = new NodeTable(chunksPerNode, lock, changed);
        this.sizer = sizer;
        this.policy = policy;
    }

    NodeTable nodes()
    {
        return nodes;
    }

    ChunkSizer sizer()
    {
        return sizer;
    }

    int suggestedChunk(final String function)
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

    /** Queues a source's work. @return null, or why it was refused (the caller fails the source outside the lock). */
    String accept(final ChunkSource source)
    {
        lock.lock();
        try
        {
            final String refusal = terminated ? "cluster pool terminated before the task was sent" :
                closed ? "cluster pool closed before the task was sent" : null;
            if (null == refusal)
            {
                waiting.add(source);
            }
            return refusal;
        }
        finally
        {
            lock.unlock();
        }
    }

    void closeForWork()
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

    int chunksInFlight()
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

    long resentChunks()
    {
        return resent.get();
    }

    long answeredChunks()
    {
        return answered.get();
    }

    /** @return true when nothing waits or is in flight; else false after waiting up to 100 ms for a change. */
    boolean awaitIdle() throws InterruptedException
    {
        lock.lock();
        try
        {
            if (inFlight.isEmpty() && waiting.isEmpty())
            {
                return true;
            }
            changed.await(100, TimeUnit.MILLISECONDS);
            return false;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Gives waiting chunks to the nodes with room, and moves them in flight. @return how many were added. */
    int takeSends(final List<Chunk> sends)
    {
        int taken = 0;
        lock.lock();
        try
        {
            while (!terminated)
            {
                final NodeSlot node = nodes.leastLoaded();
                if (null == node)
                {
                    break;
                }
                final Chunk chunk = waiting.next(sizer, nodes.size());
                if (null == chunk)
                {
                    break;
                }
                chunk.attempts++;
                chunk.node = node;
                chunk.sharing = nodes.sent(node);
                inFlight.add(chunk);
                sends.add(chunk);
                taken++;
            }
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
        return taken;
    }

    void answered(final Chunk chunk, final NodeSlot node)
    {
        lock.lock();
        try
        {
            nodes.returned(node);
            answered.incrementAndGet();
            inFlight.remove(chunk);
        }
        finally
        {
            lock.unlock();
        }
    }

    /** @return true when the chunk waits to be sent again; else the caller fails it, if it is still unanswered. */
    boolean failed(final Chunk chunk, final NodeSlot node, final RetryPolicy.Reason reason)
    {
        lock.lock();
        try
        {
            nodes.returned(node);
            if (policy.dropsNode(reason))
            {
                // Hazelcast fails the calls and tells the listener on different threads: drop the node now, or the
                // re-send could go straight back to it and spend every retry there
                nodes.drop(node);
            }
            boolean again = false;
            if (inFlight.remove(chunk) && !terminated && policy.resends(reason, chunk.attempts))
            {
                waiting.resend(chunk);
                resent.incrementAndGet();
                again = true;
            }
            changed.signalAll();
            return again;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Takes no more work, and moves everything waiting or in flight into the lists, to be failed outside the lock. */
    void terminate(final List<Chunk> chunks, final List<ChunkSource> sources)
    {
        lock.lock();
        try
        {
            terminated = true;
            chunks.addAll(inFlight);
            inFlight.clear();
            waiting.takeAll(chunks, sources);
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Moves work that has waited with no node in the cluster too long, by {@link RetryPolicy}, into the lists. */
    void takeWorkWithoutNodes(final long nowNs, final List<Chunk> chunks, final List<ChunkSource> sources)
    {
        lock.lock();
        try
        {
            if (0 != nodes.size() || waiting.isEmpty())
            {
                waitingForNode = false;
                return;
            }
            if (!waitingForNode)
            {
                waitingForNode = true;
                noNodeSinceNs = nowNs;
                return;
            }
            if (!policy.givesUpWaiting(noNodeSinceNs, nowNs))
            {
                return;
            }
            waiting.takeAll(chunks, sources);
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }
}
