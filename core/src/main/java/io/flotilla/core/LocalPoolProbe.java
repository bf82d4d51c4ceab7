package io.flotilla.core;

import io.flotilla.PoolProbe;

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

    private void checkSlot(final int slot)
    {
        if (slot < 1 || slot > processes())
        {
            throw new IllegalArgumentException("slot must be 1.." + processes() + ": slot=" + slot);
        }
    }
}
