package io.flotilla.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersFileTest
{
    @Test
    void twoMappingsSeeTheSameCounters(@TempDir final Path dir)
    {
        final Path file = dir.resolve("counters.dat");
        try (CountersFile parent = CountersFile.create(file, 2, 3, 8);
            CountersFile worker = CountersFile.open(file))
        {
            assertEquals(CountersLayout.fileLength(2, 3, 8), file.toFile().length());
            assertEquals(ProcessHandle.current().pid(), worker.parentPid());
            assertEquals(3, worker.workerSlots());

            parent.shardOf(2, 1);
            parent.state(2, ProcessState.STARTING);
            assertEquals(1, worker.shardOf(2));
            assertEquals(ProcessState.STARTING, worker.state(2));

            assertTrue(worker.claim(1, 0));
            assertFalse(parent.claim(1, 0), "an ordinal is claimed once");
            assertTrue(parent.claim(1, 1));
            assertEquals(2, parent.claimCursor(1));
            assertEquals(0, parent.claimCursor(0), "shards have their own cursors");

            worker.addCompleted(2, 5);
            worker.heartbeat(2, 1234);
            assertEquals(5, parent.completed(2));
            assertEquals(1234, parent.heartbeatEpochMs(2));
            assertEquals(0, parent.completed(1), "slots are apart");
        }
    }

    @Test
    void inFlightTableTracksClaimsAcrossMappings(@TempDir final Path dir)
    {
        final Path file = dir.resolve("counters.dat");
        try (CountersFile parent = CountersFile.create(file, 1, 2, 4);
            CountersFile worker = CountersFile.open(file))
        {
            final InFlightTable table = worker.inFlightTable(1);
            final int a = table.add(10);
            final int b = table.add(11);
            final int c = table.add(12);
            final int d = table.add(13);
            assertEquals(-1, table.add(14), "full table refuses");
            table.remove(b);
            final int e = table.add(15);
            assertEquals(b, e, "freed entry reused");

            final List<Long> seen = new ArrayList<>();
            assertEquals(4, parent.inFlightTable(1).forEach(seen::add));
            assertEquals(List.of(10L, 15L, 12L, 13L), seen);
            assertEquals(0, parent.inFlightTable(2).forEach(id -> { }), "other worker's table empty");

            parent.resetSlot(1);
            assertEquals(0, worker.inFlightTable(1).forEach(id -> { }));
            assertEquals(ProcessState.FREE, worker.state(1));
            assertThrows(IllegalArgumentException.class, () -> table.add(0));
            assertThrows(IllegalArgumentException.class, () -> table.remove(4));
            assertTrue(a >= 0 && c >= 0 && d >= 0);
        }
    }

    @Test
    void sharedValuesAreFoundByNameFromAnotherMapping(@TempDir final Path dir)
    {
        final Path file = dir.resolve("counters.dat");
        try (CountersFile parent = CountersFile.create(file, 1, 1, 4);
            CountersFile worker = CountersFile.open(file))
        {
            assertEquals(-1, worker.sharedValues().find("hits"));
            final int hits = parent.sharedValues().allocate("hits");
            final int misses = parent.sharedValues().allocate("misses");
            assertEquals(hits, parent.sharedValues().allocate("hits"), "one entry per name");
            assertEquals(hits, worker.sharedValues().find("hits"));
            assertEquals(misses, worker.sharedValues().find("misses"));
            assertEquals(2, worker.sharedValues().count());
            assertEquals("misses", worker.sharedValues().name(misses));
            assertEquals(5, worker.sharedValues().addAndGet(hits, 5));
            assertTrue(parent.sharedValues().compareAndSet(hits, 5, 7));
            assertEquals(7, worker.sharedValues().value(hits));
            assertEquals(0, worker.sharedValues().value(misses));
        }
    }

    @Test
    void corruptFileIsNamed(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("counters.dat");
        CountersFile.create(file, 1, 1, 4).close();

        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(CountersLayout.MAGIC_OFFSET);
            raf.writeLong(42);
        }
        final IpcException magic = assertThrows(IpcException.class, () -> CountersFile.open(file));
        assertTrue(magic.getMessage().contains("corrupt counters file") && magic.getMessage().contains("path=" + file),
            magic.getMessage());

        Files.write(file, new byte[16]);
        final IpcException truncated = assertThrows(IpcException.class, () -> CountersFile.open(file));
        assertTrue(truncated.getMessage().contains("length=16"), truncated.getMessage());

        final IpcException missing = assertThrows(IpcException.class, () -> CountersFile.open(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("counters file missing"), missing.getMessage());
        assertThrows(IpcException.class, () -> CountersFile.create(file, 1, 1, 4), "never overwrites");
    }

    @Test
    void versionMismatchIsNamed(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("counters.dat");
        CountersFile.create(file, 1, 1, 4).close();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(CountersLayout.VERSION_OFFSET);
            raf.write(new byte[] {7, 0, 0, 0});
        }
        final IpcException ex = assertThrows(IpcException.class, () -> CountersFile.open(file));
        assertTrue(ex.getMessage().contains("version=7, expected=" + CountersLayout.VERSION), ex.getMessage());
    }

    @Test
    void outOfRangeSizesAreNamed(@TempDir final Path dir)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> CountersFile.create(dir.resolve("c"), 1, 0, 4));
        assertTrue(ex.getMessage().contains("workerSlots=0"), ex.getMessage());
    }

    @Test
    void valuesOutOfRangeNameFileFieldAndValue(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("counters.dat");
        try (CountersFile parent = CountersFile.create(file, 2, 2, 4);
            CountersFile worker = CountersFile.open(file))
        {
            parent.state(CountersLayout.PARENT_SLOT, ProcessState.READY);
            final int parentSlot = CountersLayout.slotOffset(2, 4, CountersLayout.PARENT_SLOT);
            final int slot1 = CountersLayout.slotOffset(2, 4, 1);
            try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw"))
            {
                raw.seek(parentSlot + CountersLayout.STATE_OFFSET);
                raw.write(littleEndian(970));
                raw.seek(slot1 + CountersLayout.SHARD_OFFSET);
                raw.write(new byte[] {9, 0, 0, 0});
                raw.seek(slot1 + CountersLayout.SLOT_FIELDS_LENGTH + Long.BYTES);
                raw.write(littleEndian(-5));
            }
            final CorruptCountersException state = assertThrows(CorruptCountersException.class,
                () -> worker.state(CountersLayout.PARENT_SLOT));
            assertTrue(state.getMessage().contains("path=" + file) && state.getMessage().contains("field=slot 0 state") &&
                state.getMessage().contains("found=970"), state.getMessage());
            assertEquals(ProcessState.READY, parent.writtenState(CountersLayout.PARENT_SLOT),
                "the parent knows its state from memory");
            assertEquals(null, worker.writtenState(CountersLayout.PARENT_SLOT), "the worker never wrote it");

            final CorruptCountersException shard = assertThrows(CorruptCountersException.class, () -> worker.shardOf(1));
            assertTrue(shard.getMessage().contains("field=slot 1 shard") && shard.getMessage().contains("found=9") &&
                shard.getMessage().contains("expected=0..1"), shard.getMessage());

            final List<Long> visited = new ArrayList<>();
            assertEquals(0, parent.inFlightTable(1).forEach(visited::add), "a negative entry is no task id");
            assertEquals(-5, parent.inFlightTable(1).taskIdAt(1));
            final IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
                () -> parent.inFlightTable(1).taskIdAt(4));
            assertTrue(index.getMessage().contains("index=4, capacity=4"), index.getMessage());
        }
    }

    private static byte[] littleEndian(final long value)
    {
        return java.nio.ByteBuffer.allocate(Long.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}
