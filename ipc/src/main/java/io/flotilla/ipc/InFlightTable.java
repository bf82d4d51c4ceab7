package io.flotilla.ipc;

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

    private final AtomicBuffer buffer;
    private final int offset;
    private final int capacity;
    private int hint;

    InFlightTable(final AtomicBuffer buffer, final int offset, final int capacity)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.capacity = capacity;
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
        if (index < 0 || index >= capacity)
        {
            throw new IllegalArgumentException("in-flight index out of range: index=" + index + ", capacity=" + capacity);
        }
        buffer.putLongRelease(offset + index * Long.BYTES, FREE);
    }

    /**
     * @return the task id at that entry, or {@link #FREE}.
     */
    public long taskIdAt(final int index)
    {
        return buffer.getLongVolatile(offset + index * Long.BYTES);
    }

    /** @return whether that task id is in the table now. */
    public boolean contains(final long taskId)
    {
        for (int i = 0; i < capacity; i++)
        {
            if (taskIdAt(i) == taskId)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Visits every task id in the table (a live table may change while it is read).
     *
     * @return how many were visited.
     */
    public int forEach(final LongConsumer consumer)
    {
        int count = 0;
        for (int i = 0; i < capacity; i++)
        {
            final long taskId = taskIdAt(i);
            if (FREE != taskId)
            {
                consumer.accept(taskId);
                count++;
            }
        }
        return count;
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
