package io.flotilla.protocol;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code blobs.dat}: slots of shared memory that large payloads cross in, used again and again, so that a large
 * argument or result is copied once into memory both processes already have mapped instead of into fresh queue pages
 * (every new page of a queue file is a page the kernel allocates, zeroes and faults in, on each side: for 1 MiB that
 * cost several times the copy). The envelope in the queue carries only a {@link BlobRef}.
 * <pre>
 *   0   magic (long)
 *   8   version (int)          | slot count (int)
 *   16  slot capacity (int)    | reserved
 *   24  next lease number (long; every process takes numbers with an atomic add)
 *   64  slot table, 64 bytes a slot: lease word (long) at 0, task id (long) at 8
 *   DATA_OFFSET(slots)  slot data, one page-rounded stride of {@code capacity} bytes a slot
 * </pre>
 * A lease word is 0 for a free slot, else {@code (lease number << 16) | holder}: lease numbers are never used twice,
 * so a stale reference never matches a slot used again. Holders: {@link #PARENT} (the parent wrote a task's
 * arguments), a worker slot (the worker took the arguments, or leased the slot for its result), {@link #READER} (the
 * parent reads a result), {@link #RECLAIM} (the parent takes it back from a dead worker). Every change of holder is
 * a compare-and-set from the lease word the changer read, so one process at a time owns a slot and its data; only
 * the owner writes the task id, which is 0 whenever the word is being set. The parent frees a slot once it read the
 * result in it, a worker frees the arguments' slot when its result goes through the queue instead, and when a worker
 * dies the parent takes back what the dead worker's in-flight tasks held ({@link #reclaim}).
 * <p>
 * The whole file is backed with real zeros before it is mapped (no SIGBUS on a full file system), and never unmapped
 * explicitly: the garbage collector unmaps it once nothing reaches it, so no thread touches unmapped memory whatever
 * order a pool closes in. Everything read from it is range-checked.
 */
public final class BlobRegion
{
    /** Holder of a slot whose arguments the parent wrote. */
    public static final int PARENT = 0;
    /** Holder of a slot whose result the parent reads. */
    public static final int READER = 0xFFFF;
    /** Holder of a slot the parent takes back from a dead worker. */
    static final int RECLAIM = 0xFFFE;
    /** Largest worker slot that can hold a slot. */
    public static final int MAX_WORKER = 0xFFFD;

    static final long MAGIC = 0x31424F4C46544F4CL;
    static final int VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int SLOT_COUNT_OFFSET = 12;
    static final int CAPACITY_OFFSET = 16;
    static final int NEXT_LEASE_OFFSET = 24;
    static final int TABLE_OFFSET = 64;
    static final int TABLE_ENTRY_LENGTH = 64;
    static final int TASK_ID_OFFSET = 8;
    static final int MAX_SLOTS = 1024;
    private static final int PAGE = 4096;
    private static final long HOLDER_MASK = 0xFFFF;

    private final Path file;
    private final UnsafeBuffer buffer;
    private final UnsafeBuffer[] data;
    private final int capacity;
    /** Keeps the mapping reachable as long as this region is. */
    @SuppressWarnings("unused")
    private final MappedByteBuffer mapped;

    private BlobRegion(final Path file, final MappedByteBuffer mapped, final int slots, final int capacity)
    {
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.capacity = capacity;
        this.data = new UnsafeBuffer[slots];
        final long stride = stride(capacity);
        for (int i = 0; i < slots; i++)
        {
            data[i] = new UnsafeBuffer(buffer.addressOffset() + dataOffset(slots) + i * stride, capacity);
        }
    }

    /**
     * Creates and maps a new region, every byte backed.
     *
     * @throws NoSpaceException when the file system has no room for it.
     */
    public static BlobRegion create(final Path file, final int slots, final int capacity)
    {
        if (slots < 1 || slots > MAX_SLOTS || capacity < PAGE || capacity > (1 << 30))
        {
            throw new IllegalArgumentException("blob region out of range: slots=" + slots + " (1.." + MAX_SLOTS +
                "), capacity=" + capacity);
        }
        if (!FileSpace.createBacked(file, fileLength(slots, capacity), "blob file"))
        {
            throw new IpcException("blob file already exists: path=" + file);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), FileChannel.MapMode.READ_WRITE, "blobs");
        final UnsafeBuffer header = new UnsafeBuffer(mapped);
        header.putInt(VERSION_OFFSET, VERSION);
        header.putInt(SLOT_COUNT_OFFSET, slots);
        header.putInt(CAPACITY_OFFSET, capacity);
        header.putLong(NEXT_LEASE_OFFSET, 1);
        header.putLongVolatile(MAGIC_OFFSET, MAGIC);
        return new BlobRegion(file, mapped, slots, capacity);
    }

    /**
     * Maps the region of a pool, as a worker does.
     *
     * @return the region, or null when the pool has none.
     * @throws IpcException naming the file and the field when it is not a blob file of this version.
     */
    public static BlobRegion openIfPresent(final Path file)
    {
        final long size;
        try
        {
            size = Files.size(file);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read blob file: path=" + file, ex);
        }
        if (size < TABLE_OFFSET)
        {
            throw new IpcException("corrupt blob file: path=" + file + ", length=" + size);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), FileChannel.MapMode.READ_WRITE, "blobs");
        final UnsafeBuffer header = new UnsafeBuffer(mapped);
        final long magic = header.getLongVolatile(MAGIC_OFFSET);
        final int slots = header.getInt(SLOT_COUNT_OFFSET);
        final int capacity = header.getInt(CAPACITY_OFFSET);
        String problem = null;
        if (MAGIC != magic)
        {
            problem = "magic=0x" + Long.toHexString(magic);
        }
        else if (VERSION != header.getInt(VERSION_OFFSET))
        {
            problem = "version=" + header.getInt(VERSION_OFFSET) + ", expected=" + VERSION;
        }
        else if (slots < 1 || slots > MAX_SLOTS || capacity < PAGE || capacity > (1 << 30) ||
            fileLength(slots, capacity) != size)
        {
            problem = "slots=" + slots + ", capacity=" + capacity + ", length=" + size;
        }
        if (null != problem)
        {
            IoUtil.unmap(mapped);
            throw new IpcException("corrupt blob file: path=" + file + ", " + problem);
        }
        return new BlobRegion(file, mapped, slots, capacity);
    }

    public Path file()
    {
        return file;
    }

    public int slots()
    {
        return data.length;
    }

    /** @return bytes of data a slot holds. */
    public int capacity()
    {
        return capacity;
    }

    /** @return the data of a slot; only its holder reads or writes it. */
    public UnsafeBuffer data(final int slot)
    {
        return data[slot];
    }

    /**
     * Leases a free slot, the lowest (the one most likely still in cache).
     *
     * @param holder {@link #PARENT} or the leasing worker's slot.
     * @return the slot, or -1 when none is free.
     */
    public int lease(final long taskId, final int holder)
    {
        for (int slot = 0; slot < data.length; slot++)
        {
            final int entry = entry(slot);
            if (0 == buffer.getLongVolatile(entry) && buffer.compareAndSetLong(entry, 0,
                (buffer.getAndAddLong(NEXT_LEASE_OFFSET, 1) << 16) | holder))
            {
                buffer.putLongVolatile(entry + TASK_ID_OFFSET, taskId);
                return slot;
            }
        }
        return -1;
    }

    /** @return the lease word of a slot: 0 when free. */
    public long leaseWord(final int slot)
    {
        return buffer.getLongVolatile(entry(slot));
    }

    /**
     * Hands a slot to a new holder, if it still holds the lease {@code expected} names.
     *
     * @return the new lease word, or 0 when the slot no longer holds that lease (or the reference is out of range).
     */
    public long take(final int slot, final long expected, final int length, final int holder)
    {
        if (slot < 0 || slot >= data.length || length < 0 || length > capacity || 0 == expected)
        {
            return 0;
        }
        final long taken = (expected & ~HOLDER_MASK) | holder;
        return buffer.compareAndSetLong(entry(slot), expected, taken) ? taken : 0;
    }

    /** Frees a slot this process holds. */
    public void release(final int slot)
    {
        final int entry = entry(slot);
        buffer.putLongVolatile(entry + TASK_ID_OFFSET, 0);
        buffer.putLongOrdered(entry, 0);
    }

    /**
     * Takes back, after a worker died, the slots held for one of its in-flight tasks: those the parent filled for it
     * and those that worker held. Call it after the task's pending entry was sent again (attempt raised) or ended, so
     * that a result still in the queue that names one of these slots is known stale.
     *
     * @return slots freed.
     */
    public int reclaim(final long taskId, final int deadWorker)
    {
        int freed = 0;
        for (int slot = 0; slot < data.length; slot++)
        {
            final int entry = entry(slot);
            final long word = buffer.getLongVolatile(entry);
            final long holder = word & HOLDER_MASK;
            if (0 != word && (PARENT == holder || deadWorker == holder) &&
                taskId == buffer.getLongVolatile(entry + TASK_ID_OFFSET) &&
                buffer.compareAndSetLong(entry, word, (word & ~HOLDER_MASK) | RECLAIM))
            {
                release(slot);
                freed++;
            }
        }
        return freed;
    }

    /** @return what a reference names that does not match the slot, for messages. */
    public String describe(final int slot, final long lease)
    {
        return "file=" + file + ", slot=" + slot + ", lease=0x" + Long.toHexString(lease) +
            (slot >= 0 && slot < data.length ? ", found=0x" + Long.toHexString(leaseWord(slot)) : ", slots=" +
            data.length);
    }

    static long fileLength(final int slots, final int capacity)
    {
        return dataOffset(slots) + slots * stride(capacity);
    }

    private static long dataOffset(final int slots)
    {
        return align(TABLE_OFFSET + (long)slots * TABLE_ENTRY_LENGTH);
    }

    private static long stride(final int capacity)
    {
        return align(capacity);
    }

    private static long align(final long length)
    {
        return (length + PAGE - 1) & -PAGE;
    }

    private static int entry(final int slot)
    {
        return TABLE_OFFSET + slot * TABLE_ENTRY_LENGTH;
    }
}
