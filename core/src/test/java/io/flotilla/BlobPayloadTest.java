package io.flotilla;

import io.flotilla.protocol.BlobPolicy;
import io.flotilla.protocol.BlobRegion;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.testkit.Functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payloads of {@link BlobPolicy#MIN_BYTES} or more cross in {@code blobs.dat} slots: every size around the boundaries
 * (the blob threshold, pages, the payload limit) round-trips byte-exact through submit and chunked map, more large
 * tasks than slots fall back to the queues, results larger than their arguments, failures and killed workers leave no
 * slot held, and the payload limit still fails cleanly.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BlobPayloadTest
{
    private static final int MIB = 1 << 20;

    /** Echoes after a pause, so that a kill finds tasks in flight. */
    public static final class SlowEcho implements Task<byte[], byte[]>
    {
        @Override
        public byte[] apply(final byte[] value) throws InterruptedException
        {
            Thread.sleep(2);
            return value;
        }
    }

    @Test
    void sizesAroundEveryBoundaryRoundTripByteExact() throws Exception
    {
        final int limit = MIB + 64;
        final int min = BlobPolicy.MIN_BYTES;
        // byte[] n encodes as 5 + n bytes; the threshold looks at n
        final int[] sizes = {0, 1, 4091, 4096, 4097, min - 6, min - 5, min - 1, min, min + 1, 65_531, 65_536, 65_537,
            MIB - 1, MIB, limit - 5};
        final Random random = new Random(7);
        try (Pool pool = Pool.builder().processes(1).maxPayload(limit).workerOutputLevel(System.Logger.Level.OFF)
            .build())
        {
            for (final int size : sizes)
            {
                final byte[] payload = new byte[size];
                random.nextBytes(payload);
                for (int i = 0; i < 3; i++)
                {
                    assertArrayEquals(payload, (byte[])pool.submit(Functions.Echo.class, (Object)payload)
                        .get(60, TimeUnit.SECONDS), "size=" + size + ", round=" + i);
                }
            }
            // chunks whose items add up past the threshold, and strings whose UTF-8 is longer than their length
            final List<Object> items = new ArrayList<>();
            for (int i = 0; i < 40; i++)
            {
                final byte[] item = new byte[1000 * i];
                random.nextBytes(item);
                items.add(item);
                items.add("\u00e9\u4e2d".repeat(300 * i) + i);
            }
            final List<Object> echoed = pool.map(Functions.Echo.class, items, 8);
            for (int i = 0; i < items.size(); i++)
            {
                final Object expected = items.get(i);
                if (expected instanceof byte[] bytes)
                {
                    assertArrayEquals(bytes, (byte[])echoed.get(i), "item " + i);
                }
                else
                {
                    assertEquals(expected, echoed.get(i), "item " + i);
                }
            }
            assertNoSlotHeld(pool);
        }
    }

    @Test
    void moreLargeTasksThanSlotsAllArriveByteExact() throws Exception
    {
        try (Pool pool = Pool.builder().processes(2).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final Random random = new Random(11);
            final List<byte[]> payloads = new ArrayList<>();
            final List<CompletableFuture<Object>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++)
            {
                final byte[] payload = new byte[BlobPolicy.MIN_BYTES + random.nextInt(100_000)];
                random.nextBytes(payload);
                payloads.add(payload);
                futures.add(pool.submit(Functions.Echo.class, (Object)payload));
            }
            for (int i = 0; i < payloads.size(); i++)
            {
                assertArrayEquals(payloads.get(i), (byte[])futures.get(i).get(60, TimeUnit.SECONDS), "task " + i);
            }
            assertNoSlotHeld(pool);
        }
    }

    @Test
    void largeResultsOfSmallArgumentsAndFailuresWithLargeArgumentsHoldNoSlot() throws Exception
    {
        final int limit = 256 << 10;
        try (Pool pool = Pool.builder().processes(1).maxPayload(limit).workerOutputLevel(System.Logger.Level.OFF)
            .build())
        {
            for (final int length : new int[] {BlobPolicy.MIN_BYTES, 100_000, limit - 5})
            {
                assertEquals(length, pool.submit(Functions.Text.class, length).get(30, TimeUnit.SECONDS).length());
            }
            final ExecutionException tooBig = assertThrows(ExecutionException.class,
                () -> pool.submit(Functions.Text.class, limit - 4).get(30, TimeUnit.SECONDS));
            assertTrue(tooBig.getCause().getMessage().contains("result too large: bytes=" + (limit + 1) +
                ", maxPayload=" + limit), tooBig.getCause().getMessage());
            for (int i = 0; i < 20; i++)
            {
                final ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> pool.submit(Functions.Fail.class, "x".repeat(100_000)).get(30, TimeUnit.SECONDS));
                assertTrue(failed.getCause() instanceof RemoteTaskException, String.valueOf(failed.getCause()));
            }
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> pool.submit(Functions.Echo.class, (Object)new byte[limit - 4]));
            assertTrue(refused.getMessage().contains("bytes=" + (limit + 1) + ", maxPayload=" + limit),
                refused.getMessage());
            assertNoSlotHeld(pool);
        }
    }

    @Test
    void aKilledWorkersSlotsAreTakenBackAndItsTasksAnswerByteExact() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).childConcurrency(4).workerOutputLevel(System.Logger.Level.OFF)
            .build())
        {
            final Random random = new Random(13);
            final int tasks = 200;
            final byte[][] payloads = new byte[tasks][];
            final List<CompletableFuture<byte[]>> futures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < tasks; i++)
            {
                payloads[i] = new byte[50_000 + i];
                random.nextBytes(payloads[i]);
            }
            // three in flight at a time, so that slots are held by the worker when it dies
            final Thread submitter = Thread.ofPlatform().start(() ->
            {
                for (int i = 0; i < tasks; i++)
                {
                    if (i >= 3)
                    {
                        futures.get(i - 3).exceptionally(ex -> null).join();
                    }
                    futures.add(pool.submit(SlowEcho.class, payloads[i]));
                }
            });
            while (futures.size() < 30)
            {
                Thread.sleep(1);
            }
            pool.probe().workers().get(0).destroyForcibly();
            submitter.join(120_000);
            assertEquals(tasks, futures.size());
            for (int i = 0; i < tasks; i++)
            {
                assertArrayEquals(payloads[i], futures.get(i).get(60, TimeUnit.SECONDS), "task " + i);
            }
            assertTrue(pool.probe().startsOf(1) >= 2, "the worker was replaced");
            assertNoSlotHeld(pool);
        }
    }

    private static void assertNoSlotHeld(final Pool pool)
    {
        final BlobRegion region = BlobRegion.openIfPresent(
            pool.config().base().resolve(pool.config().poolId()).resolve(PoolDirectory.BLOBS_FILE));
        assertNotNull(region, "the pool has a blob region");
        final long[] words = new long[region.slots()];
        for (int slot = 0; slot < words.length; slot++)
        {
            words[slot] = region.leaseWord(slot);
        }
        assertTrue(Arrays.stream(words).allMatch(word -> 0 == word), "slots still held: " + Arrays.toString(words));
    }
}
