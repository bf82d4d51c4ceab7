package io.flotilla.cluster;

import io.flotilla.PoolProbe;
import io.flotilla.cluster.internal.ClusterWork;

import java.util.List;

/**
 * The {@link PoolProbe} of a cluster pool: it runs no local workers (no slots, no processes); in flight are the chunks
 * sent to nodes and not answered yet.
 */
final class ClusterProbe implements PoolProbe
{
    private final ClusterWork work;

    ClusterProbe(final ClusterWork work)
    {
        this.work = work;
    }

    @Override
    public int processes()
    {
        return 0;
    }

    @Override
    public List<ProcessHandle> workers()
    {
        return List.of();
    }

    @Override
    public int inFlight()
    {
        return work.chunksInFlight();
    }

    @Override
    public int pendingTasks()
    {
        return work.chunksInFlight();
    }

    @Override
    public long completedBy(final int slot)
    {
        throw noSlot(slot);
    }

    @Override
    public long startsOf(final int slot)
    {
        throw noSlot(slot);
    }

    @Override
    public int warmSpares()
    {
        return 0;
    }

    private static IllegalArgumentException noSlot(final int slot)
    {
        return new IllegalArgumentException("a cluster pool has no worker slots of its own, its nodes' pools do: slot=" +
            slot);
    }
}
