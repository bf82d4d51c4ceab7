package io.flotilla;

import io.flotilla.ipc.CountersFile;

/**
 * A named long in the pool's shared memory that the parent and every worker update atomically: a tally for a
 * map/reduce without sending it back with each result. Create it in the parent with {@link Pool#sharedCounter};
 * tasks reach it with {@link WorkerContext#sharedCounter}. At most 256 per pool; names of 1 to 52 UTF-8 bytes.
 */
public final class SharedCounter
{
    private final CountersFile counters;
    private final int index;
    private final String name;

    /** For the runtime; users get counters from {@link Pool#sharedCounter} and {@link WorkerContext}. */
    public SharedCounter(final CountersFile counters, final int index, final String name)
    {
        this.counters = counters;
        this.index = index;
        this.name = name;
    }

    public String name()
    {
        return name;
    }

    public long get()
    {
        checkOpen();
        return counters.sharedValue(index);
    }

    public void set(final long value)
    {
        checkOpen();
        counters.sharedValue(index, value);
    }

    public long addAndGet(final long delta)
    {
        checkOpen();
        return counters.sharedAddAndGet(index, delta);
    }

    public long incrementAndGet()
    {
        return addAndGet(1);
    }

    public boolean compareAndSet(final long expected, final long update)
    {
        checkOpen();
        return counters.sharedCompareAndSet(index, expected, update);
    }

    @Override
    public String toString()
    {
        return "SharedCounter{name=" + name + (counters.isClosed() ? ", closed" : ", value=" + get()) + "}";
    }

    /** The mapping stays valid after close (see CountersFile), so a race with close reads a stale value, never faults. */
    private void checkOpen()
    {
        if (counters.isClosed())
        {
            throw new IllegalStateException("shared counter of a closed pool: name=" + name);
        }
    }
}
