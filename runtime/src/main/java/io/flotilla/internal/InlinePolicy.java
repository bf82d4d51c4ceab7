package io.flotilla.internal;

import java.util.Arrays;

/**
 * Decides, per function, whether a worker runs a synchronous task on its I/O thread ("inline": no virtual thread, no
 * copy of the arguments out of the mapped excerpt, no hand-off back) or on a virtual thread of its own.
 * <p>
 * A function earns inline runs by being fast: after {@value #RUNS_TO_INLINE} runs, measured wherever they ran, an
 * envelope runs inline when its estimated time (items times the function's smoothed time per item) is at most
 * {@code maxNanos}, and it has no deadline (only a virtual thread can be interrupted). A single run over
 * {@value #STALL_FACTOR} times {@code maxNanos} is a stall (a slow call, a lock, I/O): it counts as a strike, and after
 * {@value #STRIKES_TO_BAN} strikes the function never runs inline again in this worker. So a function that sometimes
 * blocks holds up the I/O thread (the claims and results of the others) at most a few times per worker, and a worker
 * killed for a stall that long starts over with every function on virtual threads. Slow warm-up runs only raise the
 * smoothed time.
 * <p>
 * Threads: {@link #record} from any thread that ran a task, {@link #inline} from the I/O thread. Plain fields:
 * a racy read or a lost update costs at most a run in the other mode.
 */
final class InlinePolicy
{
    /** Default most nanoseconds an inline run may take; {@code -Dflotilla.worker.inlineMaxNanos}, 0 turns it off. */
    static final long DEFAULT_MAX_NANOS = 20_000;
    static final int RUNS_TO_INLINE = 8;
    static final int STALL_FACTOR = 50;
    static final int STRIKES_TO_BAN = 3;

    private final long maxNanos;
    private int[] runs = new int[16];
    private int[] strikes = new int[16];
    private long[] nanosPerItem = new long[16];

    InlinePolicy(final long maxNanos)
    {
        this.maxNanos = maxNanos;
    }

    static InlinePolicy fromSystemProperties()
    {
        return new InlinePolicy(Long.getLong("flotilla.worker.inlineMaxNanos", DEFAULT_MAX_NANOS));
    }

    /** @return whether an envelope of this function and length, without a deadline, should run on the I/O thread. */
    boolean inline(final int functionId, final int items)
    {
        if (0 == maxNanos || functionId >= runs.length || runs[functionId] < RUNS_TO_INLINE ||
            strikes[functionId] >= STRIKES_TO_BAN)
        {
            return false;
        }
        return nanosPerItem[functionId] * items <= maxNanos;
    }

    /** Records a run of {@code items} items of a function that took {@code nanos}, wherever it ran. */
    void record(final int functionId, final int items, final long nanos)
    {
        if (0 == maxNanos || functionId < 0 || items <= 0)
        {
            return;
        }
        ensure(functionId);
        final long perItem = nanos / items;
        // time per item, weighted towards the recent runs
        nanosPerItem[functionId] = 0 == runs[functionId] ? perItem : (7 * nanosPerItem[functionId] + perItem) >> 3;
        if (runs[functionId] >= RUNS_TO_INLINE && nanos > STALL_FACTOR * maxNanos && perItem > maxNanos)
        {
            strikes[functionId]++;
        }
        if (runs[functionId] < Integer.MAX_VALUE)
        {
            runs[functionId]++;
        }
    }

    /** @return whether the function may still run inline (fewer than {@value #STRIKES_TO_BAN} stalls); for tests. */
    boolean eligible(final int functionId)
    {
        return functionId < strikes.length && strikes[functionId] < STRIKES_TO_BAN;
    }

    private synchronized void ensure(final int functionId)
    {
        if (functionId >= runs.length)
        {
            final int length = Math.max(functionId + 1, 2 * runs.length);
            // the new arrays are published after they are filled: a reader sees the old or the whole new one
            final long[] perItem = Arrays.copyOf(nanosPerItem, length);
            final int[] struck = Arrays.copyOf(strikes, length);
            final int[] counted = Arrays.copyOf(runs, length);
            nanosPerItem = perItem;
            strikes = struck;
            runs = counted;
        }
    }
}
