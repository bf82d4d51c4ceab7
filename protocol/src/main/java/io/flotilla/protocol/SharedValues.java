package io.flotilla.protocol;

import org.agrona.concurrent.AtomicBuffer;

import static io.flotilla.protocol.CountersLayout.*;

/**
 * The shared-values section of {@code counters.dat}: up to {@value CountersLayout#SHARED_CAPACITY} named longs that
 * tasks in any worker and the parent update atomically (map/reduce tallies, {@code SharedCounter}). The parent alone
 * allocates entries, so a name has one; anyone reads and updates them. Thread-safe: every access is an atomic
 * operation on the mapped memory.
 */
public final class SharedValues
{
    private final AtomicBuffer buffer;
    private final int firstEntryOffset;

    SharedValues(final AtomicBuffer buffer, final int firstEntryOffset)
    {
        this.buffer = buffer;
        this.firstEntryOffset = firstEntryOffset;
    }

    /**
     * Creates a named shared value, or finds it if it exists. The parent only: it alone allocates, so a name has one
     * entry.
     *
     * @return the entry's index.
     */
    public synchronized int allocate(final String name)
    {
        final int existing = find(name);
        if (existing >= 0)
        {
            return existing;
        }
        final byte[] utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length == 0 || utf8.length > SHARED_NAME_MAX)
        {
            throw new IllegalArgumentException("shared value name must be 1.." + SHARED_NAME_MAX + " UTF-8 bytes: name=" +
                name + ", bytes=" + utf8.length);
        }
        final int index = buffer.getIntVolatile(SHARED_COUNT_OFFSET);
        if (index >= SHARED_CAPACITY)
        {
            throw new IllegalStateException("no room for another shared value: name=" + name + ", capacity=" +
                SHARED_CAPACITY);
        }
        final int offset = entryOffset(index);
        buffer.putBytes(offset + SHARED_NAME_OFFSET, utf8);
        buffer.putLongVolatile(offset + SHARED_VALUE_OFFSET, 0);
        buffer.putIntRelease(offset + SHARED_NAME_LENGTH_OFFSET, utf8.length);
        buffer.putIntRelease(SHARED_COUNT_OFFSET, index + 1);
        return index;
    }

    /** @return the index of the shared value with that name, or -1. */
    public int find(final String name)
    {
        final int count = buffer.getIntVolatile(SHARED_COUNT_OFFSET);
        for (int i = 0; i < count; i++)
        {
            final int offset = entryOffset(i);
            final int length = buffer.getIntVolatile(offset + SHARED_NAME_LENGTH_OFFSET);
            if (length > 0 && name.equals(buffer.getStringWithoutLengthUtf8(offset + SHARED_NAME_OFFSET, length)))
            {
                return i;
            }
        }
        return -1;
    }

    /** @return how many shared values exist. */
    public int count()
    {
        return buffer.getIntVolatile(SHARED_COUNT_OFFSET);
    }

    /** @return the name of the shared value at that index. */
    public String name(final int index)
    {
        final int offset = entryOffset(checkShared(index));
        return buffer.getStringWithoutLengthUtf8(offset + SHARED_NAME_OFFSET,
            buffer.getIntVolatile(offset + SHARED_NAME_LENGTH_OFFSET));
    }

    public long value(final int index)
    {
        return buffer.getLongVolatile(valueOffset(index));
    }

    public void value(final int index, final long value)
    {
        buffer.putLongVolatile(valueOffset(index), value);
    }

    public long addAndGet(final int index, final long delta)
    {
        return buffer.getAndAddLong(valueOffset(index), delta) + delta;
    }

    public boolean compareAndSet(final int index, final long expected, final long update)
    {
        return buffer.compareAndSetLong(valueOffset(index), expected, update);
    }

    private int valueOffset(final int index)
    {
        return entryOffset(checkShared(index)) + SHARED_VALUE_OFFSET;
    }

    private int checkShared(final int index)
    {
        if (index < 0 || index >= SHARED_CAPACITY)
        {
            throw new IllegalArgumentException("shared value index out of range: index=" + index + ", capacity=" +
                SHARED_CAPACITY);
        }
        return index;
    }

    private int entryOffset(final int index)
    {
        return firstEntryOffset + index * SHARED_ENTRY_LENGTH;
    }
}
