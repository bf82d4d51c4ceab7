package io.flotilla.cluster.internal;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Work waiting for room on a node: chunks to send again come first, then new chunks cut from the sources in turn (a
 * source with more left goes to the back). Not thread-safe: the {@link DispatchBook} calls it under its lock.
 */
final class WaitingWork
{
    private final ArrayDeque<Chunk> resend = new ArrayDeque<>();
    private final ArrayDeque<ChunkSource> sources = new ArrayDeque<>();

    /** Queues a source once; offering it again while it waits changes nothing. */
    void add(final ChunkSource source)
    {
        if (!sources.contains(source))
        {
            sources.addLast(source);
        }
    }

    void resend(final Chunk chunk)
    {
        resend.addLast(chunk);
    }

    /**
     * @param nodes live nodes, for the sources to share a finite input among.
     * @return the next chunk to send, or null when nothing waits.
     */
    Chunk next(final ChunkSizer sizer, final int nodes)
    {
        Chunk chunk = resend.pollFirst();
        while (null == chunk)
        {
            final ChunkSource source = sources.pollFirst();
            if (null == source)
            {
                return null;
            }
            chunk = source.cut(sizer, nodes);
            if (source.hasMore())
            {
                sources.addLast(source); // in turn with the other sources
            }
        }
        return chunk;
    }

    boolean isEmpty()
    {
        return resend.isEmpty() && sources.isEmpty();
    }

    /** Moves everything waiting into the lists, to be failed outside the lock. */
    void takeAll(final List<Chunk> chunks, final List<ChunkSource> waiting)
    {
        chunks.addAll(resend);
        resend.clear();
        waiting.addAll(sources);
        sources.clear();
    }
}
