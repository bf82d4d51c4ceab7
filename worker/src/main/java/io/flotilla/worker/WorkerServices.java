package io.flotilla.worker;

import io.flotilla.SharedCounter;
import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.CountersSharedCounter;
import io.flotilla.spi.WorkerBinding;

/**
 * What {@link io.flotilla.WorkerContext} reaches in this worker JVM: its slot and the pool's counters file.
 */
final class WorkerServices implements WorkerBinding.Services
{
    private final CountersFile counters;
    private final int slot;

    WorkerServices(final CountersFile counters, final int slot)
    {
        this.counters = counters;
        this.slot = slot;
    }

    @Override
    public int slot()
    {
        return slot;
    }

    @Override
    public SharedCounter sharedCounter(final String name)
    {
        final int index = counters.sharedValues().find(name);
        if (index < 0)
        {
            throw new IllegalArgumentException("no shared counter with that name, create it in the parent with " +
                "pool.sharedCounter(name) first: name=" + name);
        }
        return new CountersSharedCounter(counters, index, name);
    }
}
