package io.flotilla.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parts of a chunk's answer must come in item order and cover the chunk exactly; anything else is named. */
class ChunkPartsTest
{
    @Test
    void partsInOrderCompleteTheChunkOnce()
    {
        final ChunkParts parts = new ChunkParts(2, 10);
        assertEquals(2, parts.attempt);
        assertNull(parts.checkNext(0, 4));
        assertFalse(parts.received(4));
        assertNull(parts.checkNext(4, 6));
        assertTrue(parts.received(6), "items 0..9 answered");
    }

    @Test
    void aPartOutOfOrderOrOutsideTheChunkIsNamed()
    {
        final ChunkParts parts = new ChunkParts(0, 10);
        assertNotNull(parts.checkNext(3, 2), "a gap before it");
        assertNotNull(parts.checkNext(-1, 2), "no first item (a payload too short for one)");
        assertNotNull(parts.checkNext(0, 0), "an empty part");
        assertNotNull(parts.checkNext(0, 11), "past the chunk's end");
        final String message = parts.checkNext(5, 1);
        assertTrue(message.contains("first=5") && message.contains("expectedFirst=0") &&
            message.contains("chunkLength=10"), message);
        assertNull(parts.checkNext(0, 10));
    }
}
