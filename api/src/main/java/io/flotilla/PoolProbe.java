package io.flotilla;

import java.util.List;

/**
 * A read-only view of a running pool for tools, tests and monitoring: its worker processes and what its books and
 * {@code counters.dat} hold. Every call reads the current value; none changes the pool. Slots are numbered from 1.
 */
public interface PoolProbe
{
    /** @return the pool's worker slots: {@link PoolConfig#processes()}. */
    int processes();

    /**
     * @return the current worker process of each slot, in slot order (a slot's entry is the process being started or
     * restarted there); empty for a pool that runs no local workers.
     */
    List<ProcessHandle> workers();

    /** @return envelopes (tasks or chunks) sent and not answered yet, the number {@link PoolConfig#maxInFlight()} bounds. */
    int inFlight();

    /** @return tasks and chunks submitted whose futures have not completed yet. */
    int pendingTasks();

    /**
     * @return task items the worker in that slot has answered (its current process, from {@code counters.dat}).
     * @throws IllegalArgumentException naming the slot when it is not 1 to {@link #processes()}.
     */
    long completedBy(int slot);

    /**
     * @return how many times a worker was started in that slot (1 until the first restart).
     * @throws IllegalArgumentException naming the slot when it is not 1 to {@link #processes()}.
     */
    long startsOf(int slot);

    /** @return the pool's own spare JVMs warm and waiting ({@link PoolConfig#spareWorkers()}), 0 when it keeps none. */
    int warmSpares();

    /**
     * @return a snapshot of the pool's books; an engine that reads {@code counters.dat} gives every field, this
     * default what the probe's other methods give.
     */
    default PoolStats stats()
    {
        final List<ProcessHandle> handles = workers();
        final java.util.ArrayList<PoolStats.Worker> slots = new java.util.ArrayList<>(handles.size());
        for (int slot = 1; slot <= handles.size(); slot++)
        {
            final ProcessHandle handle = handles.get(slot - 1);
            final long done = completedBy(slot);
            slots.add(new PoolStats.Worker(slot, handle.pid(), handle.isAlive() ? "READY" : "EXITED", done, done, 0,
                startsOf(slot), -1));
        }
        return new PoolStats(pendingTasks(), inFlight(), -1, -1, slots);
    }
}
