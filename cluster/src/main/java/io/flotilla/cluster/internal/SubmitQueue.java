package io.flotilla.cluster.internal;

import io.flotilla.core.ChunkSink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Single submits of one function, kind and timeout. They wait here while every node's window is full and leave
 * together, as one chunk, when a slot frees: a busy pool batches by itself, an idle one sends each submit at once.
 */
final class SubmitQueue implements ChunkSource
{
    private record Entry(Object argument, int length, CompletableFuture<Object> future)
    {
    }

    private final String function;
    private final byte kind;
    private final long itemTimeoutMs;
    private final int maxChunkBytes;
    private final ConcurrentLinkedQueue<Entry> waiting = new ConcurrentLinkedQueue<>();

    SubmitQueue(final String function, final byte kind, final long itemTimeoutMs, final int maxChunkBytes)
    {
        this.function = function;
        this.kind = kind;
        this.itemTimeoutMs = itemTimeoutMs;
        this.maxChunkBytes = maxChunkBytes;
    }

    void add(final Object argument, final int length, final CompletableFuture<Object> future)
    {
        waiting.add(new Entry(argument, length, future));
    }

    @Override
    public Chunk cut(final ChunkSizer sizer, final int nodes)
    {
        final int want = sizer.size(function, Integer.MAX_VALUE, nodes);
        final List<Entry> taken = new ArrayList<>();
        long bytes = 0;
        Entry entry;
        while (taken.size() < want && null != (entry = waiting.peek()) &&
            (taken.isEmpty() || bytes + entry.length <= maxChunkBytes))
        {
            waiting.poll();
            taken.add(entry);
            bytes += entry.length;
        }
        if (taken.isEmpty())
        {
            return null;
        }
        final Object[] arguments = new Object[taken.size()];
        for (int i = 0; i < arguments.length; i++)
        {
            arguments[i] = taken.get(i).argument;
        }
        final ChunkTask task = new ChunkTask(function, kind, itemTimeoutMs, arguments.length,
            ItemCodec.encode(arguments));
        return new Chunk(task, new ChunkSink()
        {
            @Override
            public void complete(final Object[] values, final RuntimeException[] errors)
            {
                for (int i = 0; i < values.length; i++)
                {
                    if (null != errors[i])
                    {
                        taken.get(i).future.completeExceptionally(errors[i]);
                    }
                    else
                    {
                        taken.get(i).future.complete(values[i]);
                    }
                }
            }

            @Override
            public void fail(final RuntimeException failure)
            {
                for (final Entry each : taken)
                {
                    each.future.completeExceptionally(failure);
                }
            }
        });
    }

    @Override
    public boolean hasMore()
    {
        return !waiting.isEmpty();
    }

    @Override
    public void failRest(final RuntimeException failure)
    {
        Entry entry;
        while (null != (entry = waiting.poll()))
        {
            entry.future.completeExceptionally(failure);
        }
    }
}
