package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.protocol.CountersLayout;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Someone else writes into a live pool's {@code counters.dat}, with real worker JVMs running tasks: every submitted
 * future still ends within a bounded wait, with its value or a failure that names {@code counters.dat}, and the pool
 * says so to the next submit instead of hanging.
 */
@Timeout(180)
class CorruptCountersTest
{
    private static final int TASKS = 300;
    /** How long every future gets to end once the file is corrupt: detection is in ms to a few s. */
    private static final long BOUND_S = 60;

    @AfterEach
    void nothingLeft()
    {
        ProcessHandle.current().children().filter(ProcessHandle::isAlive).forEach(p ->
        {
            try
            {
                p.onExit().get(10, TimeUnit.SECONDS);
            }
            catch (final Exception ex)
            {
                throw new AssertionError("worker left behind: pid=" + p.pid(), ex);
            }
        });
    }

    @Test
    void parentSlotSetToClosing() throws Exception
    {
        try (Pool pool = Pool.builder().processes(2).childConcurrency(8).build())
        {
            final List<CompletableFuture<Integer>> futures = submitSleeps(pool);
            final Layout layout = Layout.of(countersFile(pool));
            layout.putLong(layout.slot(CountersLayout.PARENT_SLOT) + CountersLayout.STATE_OFFSET,
                ProcessState.CLOSING.code());
            assertEveryFutureEnds(futures, "slot 0 (parent) state");
            assertSubmitRefused(pool);
        }
    }

    @Test
    void claimCursorSetFarAhead() throws Exception
    {
        try (Pool pool = Pool.builder().processes(2).childConcurrency(8)
            .workerJvmOption("-Dflotilla.worker.cursorAheadTimeoutMs=1000").build())
        {
            assertEquals(4, pool.submit(Functions.Square.class, 2).join(), "the pool serves before");
            final Layout layout = Layout.of(countersFile(pool));
            for (int shard = 0; shard < layout.shards; shard++)
            {
                layout.putLong(CountersLayout.shardOffset(shard) + CountersLayout.CLAIM_CURSOR_OFFSET, 1L << 40);
            }
            final List<CompletableFuture<Integer>> futures = submitSleeps(pool);
            assertEveryFutureEnds(futures, "claim cursor");
            assertSubmitRefused(pool);
        }
    }

    @Test
    void firstFourKibZeroed() throws Exception
    {
        try (Pool pool = Pool.builder().processes(2).childConcurrency(8).build())
        {
            final List<CompletableFuture<Integer>> futures = submitSleeps(pool);
            // while tasks are claimed and run: header, claim cursors and every slot of this small pool go to zero
            final Layout layout = Layout.of(countersFile(pool));
            assertTrue(layout.slot(layout.slots + 1) <= 4096, "4 KiB covers every slot of this pool");
            layout.putBytes(0, new byte[4096]);
            assertEveryFutureEnds(futures, "counters.dat");
            assertSubmitRefused(pool);
        }
    }

    private static List<CompletableFuture<Integer>> submitSleeps(final Pool pool)
    {
        final List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < TASKS; i++)
        {
            futures.add(pool.submit(Functions.Sleep.class, 20));
        }
        return futures;
    }

    /** Every future ends within the bound: a value, or a failure whose message names counters.dat (and the field). */
    private static void assertEveryFutureEnds(final List<CompletableFuture<Integer>> futures, final String field)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_S);
        int values = 0;
        int failures = 0;
        for (final CompletableFuture<Integer> future : futures)
        {
            try
            {
                assertEquals(20, future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                values++;
            }
            catch (final TimeoutException ex)
            {
                fail("a future did not end within " + BOUND_S + " s of the corruption: values=" + values +
                    ", failures=" + failures);
            }
            catch (final ExecutionException ex)
            {
                final String message = String.valueOf(ex.getCause().getMessage());
                assertTrue(message.contains(PoolDirectory.COUNTERS_FILE) && message.contains(field) &&
                    message.contains("build a new pool"), message);
                failures++;
            }
        }
        assertTrue(failures > 0, "the corruption was noticed: values=" + values);
    }

    private static void assertSubmitRefused(final Pool pool)
    {
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> pool.submit(Functions.Square.class, 3));
        assertTrue(refused.getMessage().contains(PoolDirectory.COUNTERS_FILE) &&
            refused.getMessage().contains("build a new pool"), refused.getMessage());
    }

    private static Path countersFile(final Pool pool)
    {
        return pool.config().base().resolve(pool.config().poolId()).resolve(PoolDirectory.COUNTERS_FILE);
    }

    /** Offsets of a live counters file, from its header, and writes into it through a file channel. */
    private record Layout(Path file, int shards, int slots, int inFlightCapacity)
    {
        static Layout of(final Path file) throws IOException
        {
            final ByteBuffer header = ByteBuffer.allocate(CountersLayout.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                channel.read(header, 0);
            }
            return new Layout(file, header.getInt(CountersLayout.SHARD_COUNT_OFFSET),
                header.getInt(CountersLayout.WORKER_SLOTS_OFFSET), header.getInt(CountersLayout.IN_FLIGHT_CAPACITY_OFFSET));
        }

        int slot(final int slot)
        {
            return CountersLayout.slotOffset(shards, inFlightCapacity, slot);
        }

        void putLong(final long offset, final long value) throws IOException
        {
            putBytes(offset, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value).array());
        }

        void putBytes(final long offset, final byte[] bytes) throws IOException
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                channel.write(ByteBuffer.wrap(bytes), offset);
            }
        }
    }
}
