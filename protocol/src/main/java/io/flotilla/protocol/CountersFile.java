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
import java.util.concurrent.atomic.AtomicReferenceArray;

import static io.flotilla.protocol.CountersLayout.*;

/**
 * {@code counters.dat} mapped into this process: claim cursors, process states and heartbeats, in-flight tables.
 * Layout and who writes what: {@link CountersLayout}. Thread-safe: every access is an atomic operation on the
 * mapped memory.
 * <p>
 * Closing marks the file closed ({@link #isClosed()}) but leaves the unmapping to the garbage collector, which frees
 * the mapping only once no object can reach it: a thread that still holds this file (a {@code SharedCounter} in user
 * code, a supervisor finishing a check) then reads or writes memory that is still mapped, never unmapped memory,
 * whatever order threads close and use it in. The memory is a few KiB to a few MiB per pool.
 */
public final class CountersFile implements AutoCloseable
{
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int shardCount;
    private final int workerSlots;
    private final int inFlightCapacity;
    private final InFlightTable[] inFlightTables;
    private final SharedBell[] bells;
    private final SharedValues sharedValues;
    /** What this process last wrote into each slot's state, kept in memory: an owner never reads its own state back. */
    private final AtomicReferenceArray<ProcessState> writtenStates;
    private volatile boolean closed;

    private CountersFile(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.shardCount = buffer.getInt(SHARD_COUNT_OFFSET);
        this.workerSlots = buffer.getInt(WORKER_SLOTS_OFFSET);
        this.inFlightCapacity = buffer.getInt(IN_FLIGHT_CAPACITY_OFFSET);
        this.inFlightTables = new InFlightTable[workerSlots + 1];
        this.writtenStates = new AtomicReferenceArray<>(workerSlots + 1);
        this.bells = new SharedBell[workerSlots + 1];
        this.sharedValues = new SharedValues(buffer, sharedOffset(shardCount, workerSlots, inFlightCapacity, 0));
        for (int slot = 0; slot <= workerSlots; slot++)
        {
            inFlightTables[slot] = new InFlightTable(
                buffer, slotOffset(shardCount, inFlightCapacity, slot) + SLOT_FIELDS_LENGTH, inFlightCapacity,
                file + " slot " + slot);
            bells[slot] = new SharedBell(buffer, slotOffset(shardCount, inFlightCapacity, slot) + BELL_OFFSET);
        }
    }

    /**
     * Creates and maps a new counters file; the parent does this once per pool.
     *
     * @param file             the file, which must not exist.
     * @param shardCount       number of work queues.
     * @param workerSlots      number of worker slots (the parent's slot 0 comes in addition).
     * @param inFlightCapacity in-flight table entries per slot, at least the tasks a worker runs at once.
     * @throws NoSpaceException naming the directory, the bytes needed and usable when its file system is full.
     */
    public static CountersFile create(final Path file, final int shardCount, final int workerSlots, final int inFlightCapacity)
    {
        checkRange("shardCount", shardCount, 1, MAX_SHARDS);
        checkRange("workerSlots", workerSlots, 1, MAX_WORKER_SLOTS);
        checkRange("inFlightCapacity", inFlightCapacity, 1, MAX_IN_FLIGHT_CAPACITY);
        if (Files.exists(file))
        {
            throw new IpcException("counters file already exists: path=" + file);
        }

        final long length = fileLength(shardCount, workerSlots, inFlightCapacity);
        // zeros written first, then mapped: a new mapped file is sparse, and a store into it faults on a full disk
        if (!FileSpace.createBacked(file, length, "counters file"))
        {
            throw new IpcException("counters file already exists: path=" + file);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), FileChannel.MapMode.READ_WRITE, "counters");
        final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
        buffer.putInt(VERSION_OFFSET, VERSION);
        buffer.putInt(SHARD_COUNT_OFFSET, shardCount);
        buffer.putInt(WORKER_SLOTS_OFFSET, workerSlots);
        buffer.putInt(IN_FLIGHT_CAPACITY_OFFSET, inFlightCapacity);
        buffer.putLong(CREATED_EPOCH_MS_OFFSET, System.currentTimeMillis());
        buffer.putLong(PARENT_PID_OFFSET, ProcessHandle.current().pid());
        buffer.putLong(FILE_LENGTH_OFFSET, length);
        buffer.putInt(BELLS_OFFSET, Futex.available() ? 1 : 0); // this process creates the pool, and rings its bells
        // magic last: a reader that sees it sees a whole header
        buffer.putLongVolatile(MAGIC_OFFSET, MAGIC);
        return new CountersFile(file, mapped);
    }

    /**
     * Maps an existing counters file, as a worker or a tool does, and checks its header.
     *
     * @throws IpcException naming the path and the problem when the file is not a counters file of this version.
     */
    public static CountersFile open(final Path file)
    {
        final long fileSize;
        try
        {
            fileSize = Files.size(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IpcException("counters file missing: path=" + file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read counters file: path=" + file, ex);
        }
        if (fileSize < HEADER_LENGTH)
        {
            throw new IpcException("corrupt counters file: path=" + file + ", length=" + fileSize +
                ", shorter than its header (" + HEADER_LENGTH + ")");
        }

        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), FileChannel.MapMode.READ_WRITE, "counters");
        final UnsafeBuffer header = new UnsafeBuffer(mapped);
        String problem = null;
        final long magic = header.getLongVolatile(MAGIC_OFFSET);
        if (MAGIC != magic)
        {
            problem = "magic=0x" + Long.toHexString(magic) + ", expected=0x" + Long.toHexString(MAGIC);
        }
        else if (VERSION != header.getInt(VERSION_OFFSET))
        {
            problem = "version=" + header.getInt(VERSION_OFFSET) + ", expected=" + VERSION;
        }
        else if (header.getLong(FILE_LENGTH_OFFSET) != fileSize ||
            fileSize != fileLength(header.getInt(SHARD_COUNT_OFFSET), header.getInt(WORKER_SLOTS_OFFSET),
            header.getInt(IN_FLIGHT_CAPACITY_OFFSET)))
        {
            problem = "length=" + fileSize + ", header says " + header.getLong(FILE_LENGTH_OFFSET);
        }
        if (null != problem)
        {
            IoUtil.unmap(mapped);
            throw new IpcException("corrupt counters file: path=" + file + ", " + problem);
        }
        return new CountersFile(file, mapped);
    }

    public Path file()
    {
        return file;
    }

    public int shardCount()
    {
        return shardCount;
    }

    public int workerSlots()
    {
        return workerSlots;
    }

    public int inFlightCapacity()
    {
        return inFlightCapacity;
    }

    public long parentPid()
    {
        return buffer.getLong(PARENT_PID_OFFSET);
    }

    public long createdEpochMs()
    {
        return buffer.getLong(CREATED_EPOCH_MS_OFFSET);
    }

    /** @return ordinal of the next unclaimed excerpt of that shard's work queue. */
    public long claimCursor(final int shard)
    {
        return buffer.getLongVolatile(shardOffset(checkShard(shard)) + CLAIM_CURSOR_OFFSET);
    }

    /** @return whether this caller moved the cursor from {@code expected} to {@code expected + 1}. */
    public boolean claim(final int shard, final long expected)
    {
        return buffer.compareAndSetLong(shardOffset(shard) + CLAIM_CURSOR_OFFSET, expected, expected + 1);
    }

    /**
     * @return the state the file holds for that slot.
     * @throws CorruptCountersException naming the file and the field when the code is not a {@link ProcessState}.
     */
    public ProcessState state(final int slot)
    {
        final long code = buffer.getLongVolatile(slotField(slot, STATE_OFFSET));
        if (!ProcessState.known(code))
        {
            throw CorruptCountersException.of(file, "slot " + slot + " state", code,
                "0.." + (ProcessState.values().length - 1) + " (a ProcessState code)");
        }
        return ProcessState.fromCode(code);
    }

    public void state(final int slot, final ProcessState state)
    {
        // memory first: a reader that compares the file with what was written sees the file catch up, never lead
        writtenStates.set(checkSlot(slot), state);
        buffer.putLongVolatile(slotField(slot, STATE_OFFSET), state.code());
    }

    /**
     * @return the state this process last wrote into that slot through this mapping, from memory and never read back
     * from the file, or null when it wrote none: what the parent knows of its own slot.
     */
    public ProcessState writtenState(final int slot)
    {
        return writtenStates.get(checkSlot(slot));
    }

    public long pid(final int slot)
    {
        return buffer.getLongVolatile(slotField(slot, PID_OFFSET));
    }

    public void pid(final int slot, final long pid)
    {
        buffer.putLongRelease(slotField(slot, PID_OFFSET), pid);
    }

    public long heartbeatEpochMs(final int slot)
    {
        return buffer.getLongVolatile(slotField(slot, HEARTBEAT_MS_OFFSET));
    }

    public void heartbeat(final int slot, final long epochMs)
    {
        buffer.putLongRelease(slotField(slot, HEARTBEAT_MS_OFFSET), epochMs);
    }

    /**
     * @return the shard the parent bound that slot to.
     * @throws CorruptCountersException when the file holds no shard of this pool there.
     */
    public int shardOf(final int slot)
    {
        final int shard = buffer.getIntVolatile(slotField(slot, SHARD_OFFSET));
        if (shard < 0 || shard >= shardCount)
        {
            throw CorruptCountersException.of(file, "slot " + slot + " shard", shard, "0.." + (shardCount - 1));
        }
        return shard;
    }

    public void shardOf(final int slot, final int shard)
    {
        buffer.putIntRelease(slotField(slot, SHARD_OFFSET), checkShard(shard));
    }

    public long claimed(final int slot)
    {
        return buffer.getLongVolatile(slotField(slot, CLAIMED_OFFSET));
    }

    public long completed(final int slot)
    {
        return buffer.getLongVolatile(slotField(slot, COMPLETED_OFFSET));
    }

    public long failed(final int slot)
    {
        return buffer.getLongVolatile(slotField(slot, FAILED_OFFSET));
    }

    public long starts(final int slot)
    {
        return buffer.getLongVolatile(slotField(slot, STARTS_OFFSET));
    }

    /** Adds to a slot's claimed count; the slot's owner only (single writer). */
    public void addClaimed(final int slot, final long delta)
    {
        addSingleWriter(slotField(slot, CLAIMED_OFFSET), delta);
    }

    /** Adds to a slot's completed count; the slot's owner only (single writer). */
    public void addCompleted(final int slot, final long delta)
    {
        addSingleWriter(slotField(slot, COMPLETED_OFFSET), delta);
    }

    /** Adds to a slot's failed count; the slot's owner only (single writer). */
    public void addFailed(final int slot, final long delta)
    {
        addSingleWriter(slotField(slot, FAILED_OFFSET), delta);
    }

    /** Counts a start of the process in that slot; the parent only. */
    public void addStart(final int slot)
    {
        addSingleWriter(slotField(slot, STARTS_OFFSET), 1);
    }

    /** @return the named values that tasks in any process of the pool update atomically. */
    public SharedValues sharedValues()
    {
        return sharedValues;
    }

    public InFlightTable inFlightTable(final int slot)
    {
        return inFlightTables[checkSlot(slot)];
    }

    /**
     * Resets a slot after its process ended: state FREE, in-flight table empty. The parent only,
     * and only once it has read what it needs from the slot.
     */
    public void resetSlot(final int slot)
    {
        inFlightTables[checkSlot(slot)].clear();
        bells[slot].clear();
        state(slot, ProcessState.FREE);
    }

    /** @return the bell of the slot's I/O thread: the parent's (slot 0) or a worker's. */
    public SharedBell bell(final int slot)
    {
        return bells[checkSlot(slot)];
    }

    /** @return whether the parent said it rings the slots' bells, so that a worker may sleep on its own. */
    public boolean bellsRung()
    {
        return 1 == buffer.getIntVolatile(BELLS_OFFSET);
    }

    /**
     * Rings the bells of the workers bound to {@code shard}, after new tasks went into its work queue. A slot whose
     * shard field is garbage is not rung (its worker leaves when it reads the field).
     */
    public void ringShard(final int shard)
    {
        for (int slot = 1; slot <= workerSlots; slot++)
        {
            if (shard == buffer.getIntVolatile(slotField(slot, SHARD_OFFSET)))
            {
                bells[slot].ring();
            }
        }
    }

    /** Rings every slot's bell: the parent's state changed, and every sleeping worker should look. */
    public void ringAll()
    {
        for (final SharedBell bell : bells)
        {
            bell.ring();
        }
    }

    /** Marks the file closed; the mapping goes with the last reference to it (see the class comment). */
    @Override
    public void close()
    {
        closed = true;
    }

    /** @return whether {@link #close()} was called. */
    public boolean isClosed()
    {
        return closed;
    }

    private void addSingleWriter(final int offset, final long delta)
    {
        buffer.putLongRelease(offset, buffer.getLong(offset) + delta);
    }

    private int slotField(final int slot, final int fieldOffset)
    {
        return slotOffset(shardCount, inFlightCapacity, checkSlot(slot)) + fieldOffset;
    }

    private int checkSlot(final int slot)
    {
        if (slot < 0 || slot > workerSlots)
        {
            throw new IllegalArgumentException("slot out of range: slot=" + slot + ", workerSlots=" + workerSlots);
        }
        return slot;
    }

    private int checkShard(final int shard)
    {
        if (shard < 0 || shard >= shardCount)
        {
            throw new IllegalArgumentException("shard out of range: shard=" + shard + ", shardCount=" + shardCount);
        }
        return shard;
    }

    private static void checkRange(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " out of range: " + name + "=" + value + ", range=" + min + ".." + max);
        }
    }
}
