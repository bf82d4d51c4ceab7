package io.flotilla.cluster.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Sizes automatic chunks so that a node spends about the target time on each: per function it keeps a moving average
 * of the node time per item, measured on the node (so it reflects the node's parallelism, not the network) and divided
 * among the chunks that were in flight there together. A function
 * not measured yet starts with small probe chunks; one chunk's answer is enough to size the next.
 */
final class ChunkSizer
{
    static final int PROBE_ITEMS = 64;

    private final long targetNanos;
    private final int maxItems;
    private final ConcurrentHashMap<String, Double> nanosPerItem = new ConcurrentHashMap<>();

    ChunkSizer(final long targetNanos, final int maxItems)
    {
        this.targetNanos = targetNanos;
        this.maxItems = maxItems;
    }

    /**
     * @param remaining items left in the input, or {@link Integer#MAX_VALUE} when open-ended.
     * @param nodes     live nodes; a finite input is spread over at least two chunks per node.
     */
    int size(final String function, final int remaining, final int nodes)
    {
        final Double perItem = nanosPerItem.get(function);
        int size = null == perItem ? PROBE_ITEMS : (int)Math.min(maxItems, Math.max(1, targetNanos / perItem));
        if (Integer.MAX_VALUE != remaining)
        {
            size = Math.min(size, Math.max(1, ceilDiv(remaining, 2 * Math.max(1, nodes))));
        }
        return Math.min(size, maxItems);
    }

    /** @param items the chunk's items times the chunks it shared its node with. */
    void record(final String function, final long nodeNanos, final int items)
    {
        if (items <= 0 || nodeNanos <= 0)
        {
            return;
        }
        final double sample = (double)nodeNanos / items;
        nanosPerItem.merge(function, sample, (old, now) -> 0.5 * old + 0.5 * now);
    }

    /** @return the current estimate of node nanoseconds per item, or NaN before the first answer. */
    double nanosPerItem(final String function)
    {
        final Double perItem = nanosPerItem.get(function);
        return null == perItem ? Double.NaN : perItem;
    }

    private static int ceilDiv(final int a, final int b)
    {
        return (a + b - 1) / b;
    }
}
