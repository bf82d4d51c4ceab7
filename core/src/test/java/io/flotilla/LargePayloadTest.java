package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.testkit.Functions.Echo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PoolConfig.Builder#maxPayload}: a pool sized for 1 MiB payloads carries them both ways; the default pool refuses
 * them up front, naming its limit.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LargePayloadTest
{
    private static final int MIB = 1 << 20;

    @Test
    void aPoolSizedForOneMebibyteEchoesIt() throws Exception
    {
        final byte[] payload = new byte[MIB];
        new Random(42).nextBytes(payload);
        try (Pool pool = Pool.builder().processes(1).maxPayload(MIB + 64).build())
        {
            assertEquals(16 * MIB, pool.config().ringCapacity(), "eight envelopes, rounded up to a power of two");
            for (int i = 0; i < 20; i++)
            {
                final Object echoed = pool.submit(Echo.class, (Object)payload).get(60, TimeUnit.SECONDS);
                assertArrayEquals(payload, (byte[])echoed);
            }
            final byte[][] several = new byte[8][];
            for (int i = 0; i < several.length; i++)
            {
                several[i] = Arrays.copyOf(payload, MIB - i);
            }
            final var results = pool.map(Echo.class, Arrays.<Object>asList((Object[])several), 1);
            for (int i = 0; i < several.length; i++)
            {
                assertArrayEquals(several[i], (byte[])results.get(i), "item " + i);
            }
        }
    }

    @Test
    void theDefaultPoolRefusesOneMebibyteNamingItsLimit()
    {
        try (Pool pool = Pool.builder().processes(1).build())
        {
            assertEquals(PoolConfig.DEFAULT_MAX_PAYLOAD, pool.config().maxPayload());
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> pool.submit(Echo.class, (Object)new byte[MIB]));
            assertTrue(refused.getMessage().contains("payload too large") &&
                refused.getMessage().contains("maxPayload=" + PoolConfig.DEFAULT_MAX_PAYLOAD), refused.getMessage());
        }
    }

    @Test
    void maxPayloadIsValidated()
    {
        final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
            () -> Pool.builder().maxPayload(64 * MIB).config());
        assertTrue(tooBig.getMessage().contains("maxPayload=" + 64 * MIB), tooBig.getMessage());
        final IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
            () -> Pool.builder().maxPayload(1).config());
        assertTrue(tooSmall.getMessage().contains("maxPayload=1"), tooSmall.getMessage());
    }

    @Test
    void thePayloadLimitIsOneNumberForArgumentsAndResults() throws Exception
    {
        final int limit = 65_536;
        try (Pool pool = Pool.builder().processes(1).maxPayload(limit).workerOutputLevel(System.Logger.Level.OFF)
            .build())
        {
            assertEquals(limit, pool.config().maxPayload());
            // a byte[] encodes as a tag, a length and its bytes: limit - 5 bytes is exactly the limit
            final byte[] largest = new byte[limit - 5];
            assertArrayEquals(largest, (byte[])pool.submit(Echo.class, (Object)largest).get(30, TimeUnit.SECONDS));
            final IllegalArgumentException overByOne = assertThrows(IllegalArgumentException.class,
                () -> pool.submit(Echo.class, (Object)new byte[limit - 4]));
            assertTrue(overByOne.getMessage().contains("bytes=" + (limit + 1) + ", maxPayload=" + limit),
                overByOne.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pool.submit(Echo.class, (Object)new byte[105_000]),
                "105 KB is over a 64 KiB limit, whatever the ring's rounded size");
            // a result one byte over the same limit fails its task with the same number
            final java.util.concurrent.ExecutionException resultTooBig = assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> pool.submit(Functions.Text.class, limit - 4).get(30, TimeUnit.SECONDS));
            assertTrue(resultTooBig.getCause().getMessage().contains("result too large: bytes=" + (limit + 1) +
                ", maxPayload=" + limit), resultTooBig.getCause().getMessage());
            assertEquals(limit - 5, pool.submit(Functions.Text.class, limit - 5).get(30, TimeUnit.SECONDS)
                .length());
        }
    }
}
