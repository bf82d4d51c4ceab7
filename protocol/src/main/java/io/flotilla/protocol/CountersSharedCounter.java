package io.flotilla.protocol;

import io.flotilla.SharedCounter;

/**
 * A {@link SharedCounter} in a pool's {@code counters.dat}: one of its shared slots, read and written with the file's
 * atomic operations.
 */
public final class CountersSharedCounter implements SharedCounter
{
    private final CountersFile counters;
    private final int index;
    private final String name;

    public CountersSharedCounter(final CountersFile counters, final int index, final String name)
    {
        this.counters = counters;
        this.index = index;
        this.name = name;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public long get()
    {
        checkOpen();
        return counters.sharedValues().value(index);
    }

    @Override
    public void set(final long value)
    {
        checkOpen();
        counters.sharedValues().value(index, value);
    }

    @Override
    public long addAndGet(final long delta)
    {
        checkOpen();
        return counters.sharedValues().addAndGet(index, delta);
    }


    @Override
    public boolean compareAndSet(final long expected, final long update)
    {
        checkOpen();
        return counters.sharedValues().compareAndSet(index, expected, update);
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
