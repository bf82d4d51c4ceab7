package io.flotilla;

/**
 * Picks the work queue (shard) of each task or chunk. Called on the submitting thread, possibly many at once, on the
 * hot path: it must be thread-safe, fast, and allocate nothing.
 */
@FunctionalInterface
public interface Scheduler
{
    /**
     * @param taskId     the envelope's task id (increasing).
     * @param functionId the function's small id.
     * @param shards     number of shards, at least 1.
     * @return a shard in {@code [0, shards)}.
     */
    int shard(long taskId, int functionId, int shards);

    /** Spreads tasks over the shards in turn: the default. */
    static Scheduler roundRobin()
    {
        return (taskId, functionId, shards) -> (int)Long.remainderUnsigned(taskId, shards);
    }
}
