package io.flotilla;

import java.util.List;

/**
 * Where the time of a pool's round trips goes, hop by hop, from the sampled tasks' stamps
 * ({@link PoolConfig.Builder#traceHops(int)}): each hop's percentiles over the samples since the pool started. The
 * pool's processes share the machine's monotonic clock, so the hops between processes are exact.
 *
 * @param samples round trips sampled.
 * @param hops    in the order a task passes them; the last is the whole trip from submit to completed future.
 */
public record HopBreakdown(long samples, List<Hop> hops)
{
    /**
     * One hop's time, in microseconds.
     *
     * @param name what happens in it.
     */
    public record Hop(String name, double p50Micros, double p90Micros, double p99Micros, double maxMicros)
    {
    }
}
