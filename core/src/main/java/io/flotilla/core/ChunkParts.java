package io.flotilla.core;

import io.flotilla.RemoteTaskException;

/**
 * The answer to one attempt of a chunk, assembled from its parts ({@link io.flotilla.protocol.ResultPart}), which
 * come in item order from the one worker that runs the attempt. The duty cycle's thread only.
 */
final class ChunkParts
{
    final int attempt;
    final Object[] values;
    final RemoteTaskException[] errors;
    /** Items answered so far: the next part must start here. */
    private int received;

    ChunkParts(final int attempt, final int items)
    {
        this.attempt = attempt;
        this.values = new Object[items];
        this.errors = new RemoteTaskException[items];
    }

    /**
     * @return null when a part of {@code count} items from {@code first} is the next one, else what is wrong with it.
     */
    String checkNext(final int first, final int count)
    {
        if (first != received || count < 1 || count > values.length - first)
        {
            return "result part out of order: first=" + first + ", items=" + count + ", expectedFirst=" + received +
                ", chunkLength=" + values.length;
        }
        return null;
    }

    /** Counts a part decoded into {@link #values} and {@link #errors}; @return whether the chunk is now whole. */
    boolean received(final int count)
    {
        received += count;
        return received == values.length;
    }
}
