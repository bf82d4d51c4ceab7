package io.flotilla.protocol;

import org.agrona.BitUtil;

/**
 * Layout of {@code counters.dat}: the one mapped file through which the parent and its workers see each other's
 * state, like Aeron's {@code cnc.dat}. Outside tools read it live. All longs are 8-byte aligned and accessed with
 * volatile/ordered semantics; sections are padded to {@value #LINE} bytes against false sharing (two cache lines,
 * because of the adjacent-line prefetcher).
 * <pre>
 * header, {@value #HEADER_LENGTH} bytes
 *    0  magic "FLOTCTR1" (long)        8  version (int)           12  shard count (int)
 *   16  worker slots (int)            20  in-flight capacity (int) 24  created, epoch ms (long)
 *   32  parent pid (long)             40  file length (long)       48  shared values in use (int)
 *   52  bells (int): 1 when the parent rings the slots' bells ({@link SharedBell}), so a worker may sleep on its own
 * shard section: one {@value #LINE}-byte line per shard
 *    0  claim cursor (long): ordinal of the next excerpt of that shard's work queue that nobody has claimed;
 *       written by compare-and-set by the shard's workers, read by the parent
 * process section: slot 0 is the parent, slots 1..worker slots are workers; each slot is
 *    {@value #SLOT_FIELDS_LENGTH} bytes of fields, then the in-flight table, rounded up to {@value #LINE} bytes
 *    0  state (long, {@link ProcessState} code)   8  pid (long)      16  heartbeat, epoch ms (long)
 *   24  shard (int)  28  reserved                 32  reserved (long)
 *   40  claimed (long)   48  completed (long)     56  failed (long)   64  starts (long)
 *   96  bell (int): the {@link SharedBell} the slot's idle I/O thread sleeps on; any process rings it
 *  128  in-flight table: capacity longs, task id or 0 for a free entry
 * shared values: {@value #SHARED_CAPACITY} entries of {@value #SHARED_ENTRY_LENGTH} bytes, named longs that tasks
 * in any worker and the parent update atomically (map/reduce tallies)
 *    0  name length (int, written last)   4  name, UTF-8, at most {@value #SHARED_NAME_MAX} bytes   56  value (long)
 * </pre>
 * Who writes what: a slot's fields and its in-flight table's non-zero entries are written by the process that owns
 * the slot (the parent for slot 0); the parent assigns the slot's pid, shard and the STARTING state before the worker
 * runs, and may reset the slot after the worker died.
 */
public final class CountersLayout
{
    /** "FLOTCTR1" in little-endian ASCII. */
    public static final long MAGIC = 0x3152_5443_544F_4C46L;
    public static final int VERSION = 2;
    public static final int LINE = 128;

    public static final int MAX_SHARDS = 1024;
    public static final int MAX_WORKER_SLOTS = 1024;
    public static final int MAX_IN_FLIGHT_CAPACITY = 1 << 16;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int SHARD_COUNT_OFFSET = 12;
    public static final int WORKER_SLOTS_OFFSET = 16;
    public static final int IN_FLIGHT_CAPACITY_OFFSET = 20;
    public static final int CREATED_EPOCH_MS_OFFSET = 24;
    public static final int PARENT_PID_OFFSET = 32;
    public static final int FILE_LENGTH_OFFSET = 40;
    public static final int SHARED_COUNT_OFFSET = 48;
    public static final int BELLS_OFFSET = 52;
    public static final int HEADER_LENGTH = 2 * LINE;

    public static final int CLAIM_CURSOR_OFFSET = 0;

    public static final int STATE_OFFSET = 0;
    public static final int PID_OFFSET = 8;
    public static final int HEARTBEAT_MS_OFFSET = 16;
    public static final int SHARD_OFFSET = 24;
    public static final int CLAIMED_OFFSET = 40;
    public static final int COMPLETED_OFFSET = 48;
    public static final int FAILED_OFFSET = 56;
    public static final int STARTS_OFFSET = 64;
    /** In the slot's second cache line, which only {@code starts} shares: rings read it, sleepers and rings write it. */
    public static final int BELL_OFFSET = 96;
    public static final int SLOT_FIELDS_LENGTH = LINE;

    public static final int SHARED_CAPACITY = 256;
    public static final int SHARED_ENTRY_LENGTH = 64;
    public static final int SHARED_NAME_LENGTH_OFFSET = 0;
    public static final int SHARED_NAME_OFFSET = 4;
    public static final int SHARED_NAME_MAX = 52;
    public static final int SHARED_VALUE_OFFSET = 56;

    /** Slot of the parent process. */
    public static final int PARENT_SLOT = 0;

    private CountersLayout()
    {
    }

    public static int shardOffset(final int shard)
    {
        return HEADER_LENGTH + shard * LINE;
    }

    public static int slotLength(final int inFlightCapacity)
    {
        return SLOT_FIELDS_LENGTH + BitUtil.align(inFlightCapacity * Long.BYTES, LINE);
    }

    public static int slotOffset(final int shardCount, final int inFlightCapacity, final int slot)
    {
        return HEADER_LENGTH + shardCount * LINE + slot * slotLength(inFlightCapacity);
    }

    public static int sharedOffset(final int shardCount, final int workerSlots, final int inFlightCapacity, final int index)
    {
        return slotOffset(shardCount, inFlightCapacity, workerSlots + 1) + index * SHARED_ENTRY_LENGTH;
    }

    /**
     * @return length of a file with that many shards, worker slots (plus the parent's) and in-flight entries.
     */
    public static long fileLength(final int shardCount, final int workerSlots, final int inFlightCapacity)
    {
        return HEADER_LENGTH + (long)shardCount * LINE + (long)(workerSlots + 1) * slotLength(inFlightCapacity) +
            (long)SHARED_CAPACITY * SHARED_ENTRY_LENGTH;
    }
}
