package io.flotilla.core;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Envelopes in flight per shard, and the least-loaded pick ({@link io.flotilla.Scheduler#leastLoaded()}): the shard
 * with the fewest envelopes in flight, staying on the last one picked while it is no busier than the others. One task
 * at a time then stays on one worker, so the other workers can idle instead of each waking for every other task; many
 * at once spread evenly. Thread-safe: counts are atomic, the pick reads them without a lock (a racy pick is only a
 * slightly worse one).
 */
final class ShardLoad
{
    /** Counters a cache line apart, against false sharing between shards. */
    private static final int STRIDE = 8;

    private final int shards;
    private final AtomicLongArray inFlight;
    private volatile int last;

    ShardLoad(final int shards)
    {
        this.shards = shards;
        this.inFlight = new AtomicLongArray(shards * STRIDE);
    }

    int pick()
    {
        int best = last;
        long bestLoad = inFlight.get(best * STRIDE);
        for (int s = 0; s < shards && bestLoad > 0; s++)
        {
            final long load = inFlight.get(s * STRIDE);
            if (load < bestLoad)
            {
                best = s;
                bestLoad = load;
            }
        }
        if (best != last)
        {
            last = best;
        }
        return best;
    }

    void sent(final int shard)
    {
        inFlight.getAndIncrement(shard * STRIDE);
    }

    void ended(final int shard)
    {
        inFlight.getAndDecrement(shard * STRIDE);
    }

    /** @return envelopes in flight on the shard; for tests and stats. */
    long inFlight(final int shard)
    {
        return inFlight.get(shard * STRIDE);
    }
}
