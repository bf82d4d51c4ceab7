package io.flotilla.protocol;

import org.agrona.concurrent.AtomicBuffer;

import java.util.function.LongConsumer;

/**
 * A worker's table of the task ids it has claimed and not yet answered, in its slot of {@code counters.dat}. When the
 * worker dies the parent reads it to re-dispatch exactly those tasks.
 * <p>
 * Concurrency: one thread adds (the worker's claim thread: it alone turns a free entry into a task id); any thread
 * removes (sets its own entry back to 0 once the result is in the results queue); any process reads. So an adder
 * that sees 0 owns that entry, and no compare-and-set is needed.
 */
public final class InFlightTable
{
    /** Value of a free entry. */
    public static final long FREE = 0;

    private static final System.Logger LOGGER = System.getLogger(InFlightTable.class.getName());

    private final AtomicBuffer buffer;
    private final int offset;
    private final int capacity;
    /** Where the table lives, for messages: file and slot. */
    private final String name;
    private int hint;

    InFlightTable(final AtomicBuffer buffer, final int offset, final int capacity, final String name)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.capacity = capacity;
        this.name = name;
    }

    public int capacity()
    {
        return capacity;
    }

    /**
     * Records a claimed task. Call from the one adding thread only.
     *
     * @param taskId a positive task id.
     * @return the entry index to pass to {@link #remove(int)}, or -1 when the table is full.
     */
    public int add(final long taskId)
    {
        if (taskId <= 0)
        {
            throw new IllegalArgumentException("task id must be positive: taskId=" + taskId);
        }
        int index = hint;
        for (int i = 0; i < capacity; i++)
        {
            final int entryOffset = offset + index * Long.BYTES;
            if (FREE == buffer.getLongVolatile(entryOffset))
            {
                buffer.putLongRelease(entryOffset, taskId);
                hint = index + 1 == capacity ? 0 : index + 1;
                return index;
            }
            index = index + 1 == capacity ? 0 : index + 1;
        }
        return -1;
    }

    /**
     * Frees an entry once its task's result is in the results queue. Any thread.
     *
     * @param index as returned by {@link #add(long)}.
     */
    public void remove(final int index)
    {
        checkIndex(index);
        buffer.putLongRelease(offset + index * Long.BYTES, FREE);
    }

    /**
     * @return the task id at that entry, or {@link #FREE}; a negative value is no task id (the file is corrupt).
     */
    public long taskIdAt(final int index)
    {
        checkIndex(index);
        return entry(index);
    }

    /** @return whether that task id is in the table now. */
    public boolean contains(final long taskId)
    {
        for (int i = 0; i < capacity; i++)
        {
            if (entry(i) == taskId)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Visits every task id in the table (a live table may change while it is read). An entry that is no task id (a
     * negative value: the file was overwritten) is skipped with a warning naming the table, entry and value.
     *
     * @return how many were visited.
     */
    public int forEach(final LongConsumer consumer)
    {
        int count = 0;
        for (int i = 0; i < capacity; i++)
        {
            final long taskId = entry(i);
            if (taskId < 0)
            {
                LOGGER.log(System.Logger.Level.WARNING, "corrupt counters file, skipping in-flight entry that is no " +
                    "task id: table=" + name + ", field=in-flight entry " + i + ", found=" + taskId + ", expected=0 " +
                    "or a positive task id");
            }
            else if (FREE != taskId)
            {
                consumer.accept(taskId);
                count++;
            }
        }
        return count;
    }

    private long entry(final int index)
    {
        return buffer.getLongVolatile(offset + index * Long.BYTES);
    }

    private void checkIndex(final int index)
    {
        if (index < 0 || index >= capacity)
        {
            throw new IllegalArgumentException("in-flight index out of range: table=" + name + ", index=" + index +
                ", capacity=" + capacity);
        }
    }

    /** Sets every entry free; for the parent, when it resets a dead worker's slot. */
    void clear()
    {
        for (int i = 0; i < capacity; i++)
        {
            buffer.putLongRelease(offset + i * Long.BYTES, FREE);
        }
        hint = 0;
    }
}
