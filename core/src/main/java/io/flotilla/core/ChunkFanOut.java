package io.flotilla.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a run of items as chunks and answers one sink once every chunk is answered: each item's value or error, in
 * item order; a chunk that cannot be answered gives each of its items its failure.
 */
final class ChunkFanOut
{
    /** Sends one envelope of items. */
    @FunctionalInterface
    interface Sender
    {
        /** @param timeout for the whole envelope, or null for none. */
        void send(Object[] arguments, Duration timeout, ChunkSink sink);
    }

    private ChunkFanOut()
    {
    }

    /**
     * @param lengths     the encoded length of each item, checked against the payload limit already.
     * @param itemTimeout per item (a chunk gets it once per item), or null for none.
     */
    static void run(
        final Sender sender, final Object[] items, final int[] lengths, final int chunksize, final int maxPayload,
        final Duration itemTimeout, final ChunkSink sink)
    {
        final Object[] values = new Object[items.length];
        final RuntimeException[] errors = new RuntimeException[items.length];
        if (0 == items.length)
        {
            sink.complete(values, errors);
            return;
        }
        final List<int[]> chunks = Chunker.chunk(lengths, chunksize, maxPayload);
        final AtomicInteger remaining = new AtomicInteger(chunks.size());
        for (final int[] range : chunks)
        {
            final int from = range[0];
            final int to = range[1];
            sender.send(Arrays.copyOfRange(items, from, to),
                null == itemTimeout ? null : itemTimeout.multipliedBy(to - from), new ChunkSink()
                {
                    @Override
                    public void complete(final Object[] chunkValues, final RuntimeException[] chunkErrors)
                    {
                        System.arraycopy(chunkValues, 0, values, from, chunkValues.length);
                        System.arraycopy(chunkErrors, 0, errors, from, chunkErrors.length);
                        done();
                    }

                    @Override
                    public void fail(final RuntimeException failure)
                    {
                        Arrays.fill(errors, from, to, failure);
                        done();
                    }

                    private void done()
                    {
                        // the decrement orders this chunk's writes before the last chunk's read of both arrays
                        if (remaining.decrementAndGet() == 0)
                        {
                            sink.complete(values, errors);
                        }
                    }
                });
        }
    }
}
