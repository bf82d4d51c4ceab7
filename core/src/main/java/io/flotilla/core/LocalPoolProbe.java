package io.flotilla.core;

import io.flotilla.PoolProbe;
import io.flotilla.PoolStats;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link PoolProbe} of a local pool: its books, its launcher's processes and {@code counters.dat}.
 */
final class LocalPoolProbe implements PoolProbe
{
    private final LocalPool pool;

    LocalPoolProbe(final LocalPool pool)
    {
        this.pool = pool;
    }

    @Override
    public int processes()
    {
        return pool.config().processes();
    }

    @Override
    public List<ProcessHandle> workers()
    {
        final List<ProcessHandle> handles = new ArrayList<>(processes());
        pool.workerProcesses().forEach(process -> handles.add(process.toHandle()));
        return handles;
    }

    @Override
    public int inFlight()
    {
        return pool.inFlight();
    }

    @Override
    public int pendingTasks()
    {
        return pool.pendingCount();
    }

    @Override
    public long completedBy(final int slot)
    {
        checkSlot(slot);
        return pool.completedBy(slot);
    }

    @Override
    public long startsOf(final int slot)
    {
        checkSlot(slot);
        return pool.startsOf(slot);
    }

    @Override
    public int warmSpares()
    {
        return pool.warmSpares();
    }

    /** Read from {@code counters.dat}, the numbers {@code flotilla stat} shows; a garbage state reads UNKNOWN. */
    @Override
    public PoolStats stats()
    {
        final io.flotilla.protocol.CountersFile counters = pool.counters();
        final List<PoolStats.Worker> slots = new ArrayList<>(processes());
        for (int slot = 1; slot <= processes(); slot++)
        {
            String state;
            try
            {
                state = counters.state(slot).name();
            }
            catch (final io.flotilla.protocol.CorruptCountersException ex)
            {
                state = "UNKNOWN";
            }
            final int held = counters.inFlightTable(slot).forEach(taskId -> { });
            slots.add(new PoolStats.Worker(slot, counters.pid(slot), state, counters.claimed(slot),
                counters.completed(slot), counters.failed(slot), counters.starts(slot), held));
        }
        return new PoolStats(pendingTasks(), inFlight(), pool.cancelsSent(), pool.cancelsAnswered(), slots);
    }

    private void checkSlot(final int slot)
    {
        if (slot < 1 || slot > processes())
        {
            throw new IllegalArgumentException("slot must be 1.." + processes() + ": slot=" + slot);
        }
    }
}
