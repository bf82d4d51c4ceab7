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

    /**
     * Sends each task to the shard with the fewest envelopes in flight, staying on the last shard while it is no
     * busier than the others: the default. One task at a time stays on one worker (the others idle rather than each
     * waking for every other task, which on a small machine costs a scheduling delay per task); many at once spread
     * evenly. The pool keeps the counts; {@link #shard} of this scheduler is never called.
     */
    static Scheduler leastLoaded()
    {
        return LeastLoaded.INSTANCE;
    }

    /** The marker the pool recognises; it picks by its own in-flight counts. */
    enum LeastLoaded implements Scheduler
    {
        INSTANCE;

        @Override
        public int shard(final long taskId, final int functionId, final int shards)
        {
            return (int)Long.remainderUnsigned(taskId, shards); // only when used outside a local pool
        }
    }

    /** Spreads tasks over the shards in turn.*/
    static Scheduler roundRobin()
    {
        return (taskId, functionId, shards) -> (int)Long.remainderUnsigned(taskId, shards);
    }
}
