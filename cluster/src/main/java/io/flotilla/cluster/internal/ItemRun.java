package io.flotilla.cluster.internal;

import io.flotilla.core.ChunkSink;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The items of one {@code map}: cut into chunks as nodes have room, sized automatically (or fixed), and answered into
 * one array in item order. {@link #done()} completes when every item has a value or an error.
 */
final class ItemRun implements ChunkSource
{
    private final String function;
    private final byte kind;
    private final long itemTimeoutMs;
    private final Object[] items;
    private final int[] lengths;
    private final int fixedChunk;
    private final int maxChunkBytes;
    private final Object[] values;
    private final RuntimeException[] errors;
    private final AtomicInteger unanswered;
    private final CompletableFuture<ItemRun> done = new CompletableFuture<>();
    /** Next item to cut; only the dispatcher, under its lock, moves it. */
    private int next;

    /**
     * @param lengths    encoded length of each item.
     * @param fixedChunk items per chunk, or 0 to size chunks automatically.
     */
    ItemRun(
        final String function, final byte kind, final long itemTimeoutMs, final Object[] items, final int[] lengths,
        final int fixedChunk, final int maxChunkBytes)
    {
        this.function = function;
        this.kind = kind;
        this.itemTimeoutMs = itemTimeoutMs;
        this.items = items;
        this.lengths = lengths;
        this.fixedChunk = fixedChunk;
        this.maxChunkBytes = maxChunkBytes;
        this.values = new Object[items.length];
        this.errors = new RuntimeException[items.length];
        this.unanswered = new AtomicInteger(items.length);
        if (0 == items.length)
        {
            done.complete(this);
        }
    }

    CompletableFuture<ItemRun> done()
    {
        return done;
    }

    Object[] values()
    {
        return values;
    }

    RuntimeException[] errors()
    {
        return errors;
    }

    /** @return the error of the first item in input order that has one, or null. */
    RuntimeException firstError()
    {
        for (final RuntimeException error : errors)
        {
            if (null != error)
            {
                return error;
            }
        }
        return null;
    }

    @Override
    public Chunk cut(final ChunkSizer sizer, final int nodes)
    {
        if (next >= items.length)
        {
            return null;
        }
        final int from = next;
        final int want = fixedChunk > 0 ? fixedChunk : sizer.size(function, items.length - from, nodes);
        int end = from;
        long bytes = 0;
        while (end < items.length && end - from < want && (end == from || bytes + lengths[end] <= maxChunkBytes))
        {
            bytes += lengths[end++];
        }
        final int to = end;
        next = to;
        final Object[] slice = Arrays.copyOfRange(items, from, to);
        final ChunkTask task = new ChunkTask(function, kind, itemTimeoutMs, slice.length, ItemCodec.encode(slice));
        return new Chunk(task, new ChunkSink()
        {
            @Override
            public void complete(final Object[] chunkValues, final RuntimeException[] chunkErrors)
            {
                System.arraycopy(chunkValues, 0, values, from, chunkValues.length);
                System.arraycopy(chunkErrors, 0, errors, from, chunkErrors.length);
                answered(to - from);
            }

            @Override
            public void fail(final RuntimeException failure)
            {
                Arrays.fill(errors, from, to, failure);
                answered(to - from);
            }
        });
    }

    @Override
    public boolean hasMore()
    {
        return next < items.length;
    }

    @Override
    public void failRest(final RuntimeException failure)
    {
        final int from = next;
        next = items.length;
        Arrays.fill(errors, from, items.length, failure);
        answered(items.length - from);
    }

    private void answered(final int count)
    {
        // the atomic decrement orders every chunk's array writes before the reader that sees zero
        if (count > 0 && unanswered.addAndGet(-count) == 0)
        {
            done.complete(this);
        }
    }
}
