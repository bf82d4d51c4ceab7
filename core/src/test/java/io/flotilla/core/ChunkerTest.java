package io.flotilla.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkerTest
{
    @Test
    void cutsByItemCount()
    {
        final List<int[]> chunks = Chunker.chunk(new int[10], 4, 1_000);
        assertEquals(3, chunks.size());
        assertArrayEquals(new int[] {0, 4}, chunks.get(0));
        assertArrayEquals(new int[] {4, 8}, chunks.get(1));
        assertArrayEquals(new int[] {8, 10}, chunks.get(2));
    }

    @Test
    void cutsByBytesBeforeTheCountIsReached()
    {
        final List<int[]> chunks = Chunker.chunk(new int[] {40, 40, 40, 10, 10}, 100, 100);
        assertArrayEquals(new int[] {0, 2}, chunks.get(0));
        assertArrayEquals(new int[] {2, 5}, chunks.get(1));
        assertEquals(2, chunks.size());
    }

    @Test
    void anItemBiggerThanAnEnvelopeGoesAlone()
    {
        final List<int[]> chunks = Chunker.chunk(new int[] {10, 500, 10}, 100, 100);
        assertEquals(3, chunks.size());
        assertArrayEquals(new int[] {1, 2}, chunks.get(1));
    }

    @Test
    void everyItemLandsInExactlyOneChunkWithinBothLimits()
    {
        final Random random = new Random(42);
        for (int round = 0; round < 2_000; round++)
        {
            final int[] lengths = new int[1 + random.nextInt(300)];
            for (int i = 0; i < lengths.length; i++)
            {
                lengths[i] = 1 + random.nextInt(200);
            }
            final int chunksize = 1 + random.nextInt(64);
            final int maxPayload = 200 + random.nextInt(2_000);
            int next = 0;
            for (final int[] chunk : Chunker.chunk(lengths, chunksize, maxPayload))
            {
                assertEquals(next, chunk[0], "chunks follow each other: round=" + round);
                assertTrue(chunk[1] > chunk[0] && chunk[1] - chunk[0] <= chunksize, "round=" + round);
                int bytes = 0;
                for (int i = chunk[0]; i < chunk[1]; i++)
                {
                    bytes += lengths[i];
                }
                assertTrue(bytes <= maxPayload, "bytes=" + bytes + ", maxPayload=" + maxPayload + ", round=" + round);
                next = chunk[1];
            }
            assertEquals(lengths.length, next, "every item in a chunk: round=" + round);
        }
    }

    @Test
    void ceilDivRoundsUp()
    {
        assertEquals(1, Chunker.ceilDiv(1, 4));
        assertEquals(1, Chunker.ceilDiv(4, 4));
        assertEquals(2, Chunker.ceilDiv(5, 4));
    }
}
