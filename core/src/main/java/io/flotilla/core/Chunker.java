package io.flotilla.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a run of items into chunks: at most {@code chunksize} items each, and no more argument bytes than one envelope
 * carries (an item bigger than that goes alone, and the payload check refuses it first).
 */
final class Chunker
{
    private Chunker()
    {
    }

    /**
     * @param lengths    the encoded length of each item.
     * @param chunksize  most items in a chunk, at least 1.
     * @param maxPayload most argument bytes in a chunk.
     * @return each chunk as {from, to} item indexes, to exclusive, in order, covering every item once.
     */
    static List<int[]> chunk(final int[] lengths, final int chunksize, final int maxPayload)
    {
        final List<int[]> chunks = new ArrayList<>();
        int from = 0;
        int bytes = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            if (i > from && (i - from == chunksize || bytes + lengths[i] > maxPayload))
            {
                chunks.add(new int[] {from, i});
                from = i;
                bytes = 0;
            }
            bytes += lengths[i];
        }
        chunks.add(new int[] {from, lengths.length});
        return chunks;
    }

    /** @return a / b rounded up, for positive a and b. */
    static int ceilDiv(final int a, final int b)
    {
        return (a + b - 1) / b;
    }
}
