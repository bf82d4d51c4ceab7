package io.flotilla.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BlobRegion}: slots leased, handed from holder to holder by compare-and-set, freed, taken back from a dead
 * worker; a stale lease never matches a slot used again; a corrupt file is refused naming it.
 */
class BlobRegionTest
{
    @TempDir
    Path dir;

    @Test
    void aSlotPassesFromParentToWorkerToReaderAndIsFreed()
    {
        final BlobRegion parent = BlobRegion.create(dir.resolve("blobs.dat"), 2, 8192);
        final BlobRegion worker = BlobRegion.openIfPresent(dir.resolve("blobs.dat"));
        final int slot = parent.lease(7, BlobRegion.PARENT);
        assertEquals(0, slot, "the lowest free slot");
        final long lease = parent.leaseWord(slot);
        parent.data(slot).putLong(0, 0x1234L);

        final long held = worker.take(slot, lease, 8, 3);
        assertNotEquals(0, held);
        assertEquals(0x1234L, worker.data(slot).getLong(0), "both processes map the same bytes");
        assertEquals(0, parent.take(slot, lease, 8, BlobRegion.READER), "the parent's lease moved to the worker");
        final long reading = parent.take(slot, held, 8, BlobRegion.READER);
        assertNotEquals(0, reading);
        parent.release(slot);
        assertEquals(0, worker.leaseWord(slot));
        assertEquals(0, parent.lease(8, BlobRegion.PARENT));
        assertEquals(0, worker.take(0, held, 8, BlobRegion.READER), "a stale lease never matches the slot again");
    }

    @Test
    void referencesOutOfRangeAreRefused()
    {
        final BlobRegion region = BlobRegion.create(dir.resolve("blobs.dat"), 2, 8192);
        final int slot = region.lease(1, BlobRegion.PARENT);
        final long lease = region.leaseWord(slot);
        assertEquals(0, region.take(-1, lease, 8, 1));
        assertEquals(0, region.take(2, lease, 8, 1));
        assertEquals(0, region.take(slot, lease, 8193, 1), "longer than a slot");
        assertEquals(0, region.take(slot, lease, -1, 1));
        assertEquals(0, region.take(slot, 0, 8, 1));
        assertTrue(region.describe(5, lease).contains("slot=5") && region.describe(5, lease).contains("slots=2"));
    }

    @Test
    void whenFullNoSlotIsLeased()
    {
        final BlobRegion region = BlobRegion.create(dir.resolve("blobs.dat"), 2, 4096);
        assertEquals(0, region.lease(1, BlobRegion.PARENT));
        assertEquals(1, region.lease(2, 4));
        assertEquals(-1, region.lease(3, BlobRegion.PARENT));
        region.release(0);
        assertEquals(0, region.lease(3, BlobRegion.PARENT));
    }

    @Test
    void aDeadWorkersSlotsAreTakenBackButNotAnotherWorkersOrTheReaders()
    {
        final BlobRegion region = BlobRegion.create(dir.resolve("blobs.dat"), 4, 4096);
        final int sent = region.lease(10, BlobRegion.PARENT);          // sent, not yet taken by a worker
        final int taken = region.lease(10, BlobRegion.PARENT);
        region.take(taken, region.leaseWord(taken), 1, 2);             // taken by worker 2, the dead one
        final int other = region.lease(10, BlobRegion.PARENT);
        region.take(other, region.leaseWord(other), 1, 3);             // a duplicate claimed by live worker 3
        final int unrelated = region.lease(11, 2);                     // another task's result slot
        assertEquals(2, region.reclaim(10, 2));
        assertEquals(0, region.leaseWord(sent));
        assertEquals(0, region.leaseWord(taken));
        assertNotEquals(0, region.leaseWord(other));
        assertNotEquals(0, region.leaseWord(unrelated));
    }

    @Test
    void aMissingFileIsNoRegionAndACorruptOneIsRefused() throws Exception
    {
        assertNull(BlobRegion.openIfPresent(dir.resolve("none.dat")));
        final Path file = dir.resolve("blobs.dat");
        BlobRegion.create(file, 2, 4096);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[BlobRegion.SLOT_COUNT_OFFSET] = 9;
        Files.write(file, bytes);
        final IpcException corrupt = assertThrows(IpcException.class, () -> BlobRegion.openIfPresent(file));
        assertTrue(corrupt.getMessage().contains("path=" + file) && corrupt.getMessage().contains("slots=9"),
            corrupt.getMessage());
        assertThrows(IpcException.class, () -> BlobRegion.create(file, 2, 4096), "an existing file is never reused");
    }
}
