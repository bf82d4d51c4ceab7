package io.flotilla.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Default pool ids cannot be guessed: each carries 64 random bits besides the pid. */
class PoolIdsTest
{
    private static final int IDS = 2_000;

    @Test
    void idsAreDistinctAndCarrySixtyFourRandomBits()
    {
        final String prefix = "pool-" + ProcessHandle.current().pid() + "-";
        final Set<String> ids = new HashSet<>();
        long ones = 0;
        long zeros = 0;
        for (int i = 0; i < IDS; i++)
        {
            final String id = PoolIds.newId("pool");
            assertTrue(id.matches("pool-[0-9]+-[0-9a-f]{16}") && id.startsWith(prefix), id);
            ids.add(id);
            final long random = HexFormat.fromHexDigitsToLong(id.substring(prefix.length()));
            ones |= random;
            zeros |= ~random;
        }
        assertEquals(IDS, ids.size(), "every id is new");
        // each of the 64 bits took both values over the ids: none is fixed (chance of a false alarm ~64 * 2^-1999)
        assertEquals(-1L, ones, "bits never 1: " + Long.toHexString(~ones));
        assertEquals(-1L, zeros, "bits never 0: " + Long.toHexString(~zeros));
        assertTrue(8 * PoolIds.RANDOM_BYTES >= 64);
    }
}
