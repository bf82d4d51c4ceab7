package io.flotilla.worker;

import java.util.Arrays;

/**
 * Decides, per function, whether a worker runs a synchronous task on its I/O thread ("inline": no virtual thread, no
 * copy of the arguments out of the mapped excerpt, no hand-off back) or on a virtual thread of its own.
 * <p>
 * A function earns inline runs by being fast: after {@value #RUNS_TO_INLINE} runs, measured wherever they ran, an
 * envelope runs inline when its estimated time (items times the function's smoothed time per item) is at most
 * {@code maxNanos}, it has no deadline (only a virtual thread can be interrupted), and it is a first attempt (a task
 * sent again after its worker died never runs inline, nor does its function afterwards in this worker). A run over
 * {@value #STALL_FACTOR} times {@code maxNanos} is a stall: a slow call, a lock, I/O, or just this thread losing its
 * core for a while. Stalls while the garbage collector ran are the collector's and do not count. One over
 * {@value #LONG_STALL_MS} ms takes the function off inline runs for good; shorter ones do so after
 * {@value #STRIKES_TO_BAN} strikes, a strike being a second stall within {@value #STALL_WINDOW} runs of the last, so
 * the rare preemption of a busy machine does not, and only for {@value #PROBATION_RUNS} runs (safepoints and a busy
 * core stall any thread now and then: a function must not lose its inline runs for good to them). Slow warm-up runs
 * only raise the smoothed time.
 * <p>
 * Threads: {@link #record} from any thread that ran a task, {@link #inline} from the I/O thread. Plain fields:
 * a racy read or a lost update costs at most a run in the other mode.
 */
final class InlinePolicy
{
    /** Default most nanoseconds an inline run may take; {@code -Dflotilla.worker.inlineMaxNanos}, 0 turns it off. */
    static final long DEFAULT_MAX_NANOS = 20_000;
    static final int RUNS_TO_INLINE = 8;
    static final int STALL_FACTOR = 250;
    static final int STRIKES_TO_BAN = 3;
    static final long LONG_STALL_MS = 100;
    static final int STALL_WINDOW = 32;
    static final int PROBATION_RUNS = 1024;
    static final long GC_WINDOW_MS = 50;

    private final java.util.List<java.lang.management.GarbageCollectorMXBean> collectors =
        java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
    private long gcCountSeen;
    private long gcCheckedNs = System.nanoTime();

    private static final System.Logger LOGGER = System.getLogger(InlinePolicy.class.getName());

    private final long maxNanos;
    private int[] runs = new int[16];
    private int[] strikes = new int[16];
    /** Run count at the function's last stall, or -1. */
    private int[] lastStallRun = filled(16);
    /** Run count from which a function banned by short stalls may run inline again. */
    private long[] probationEnd = new long[16];
    private long[] nanosPerItem = new long[16];

    InlinePolicy(final long maxNanos)
    {
        this.maxNanos = maxNanos;
        this.gcCountSeen = collections();
    }

    static InlinePolicy fromSystemProperties()
    {
        return new InlinePolicy(Long.getLong("flotilla.worker.inlineMaxNanos", DEFAULT_MAX_NANOS));
    }

    /** @return whether an envelope of this function and length, without a deadline, should run on the I/O thread. */
    boolean inline(final int functionId, final int items)
    {
        if (0 == maxNanos || functionId >= runs.length || runs[functionId] < RUNS_TO_INLINE)
        {
            return false;
        }
        if (strikes[functionId] >= STRIKES_TO_BAN)
        {
            if (runs[functionId] < probationEnd[functionId])
            {
                return false;
            }
            strikes[functionId] = 0; // served its probation without a long stall: it may run inline again
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
        final boolean stalled = runs[functionId] >= RUNS_TO_INLINE && nanos > STALL_FACTOR * maxNanos &&
            perItem > maxNanos;
        if (stalled && !collectedDuring(true))
        {
            if (nanos > LONG_STALL_MS * 1_000_000)
            {
                ban(functionId, Integer.MAX_VALUE);
                LOGGER.log(System.Logger.Level.INFO, "a function stalled for " + nanos / 1_000_000 + " ms and no " +
                    "longer runs on the worker's I/O thread: functionId=" + functionId);
            }
            else if (lastStallRun[functionId] >= 0 && runs[functionId] - lastStallRun[functionId] <= STALL_WINDOW &&
                ++strikes[functionId] == STRIKES_TO_BAN)
            {
                // short stalls may be the machine's (a safepoint, a busy core) as well as the function's
                ban(functionId, runs[functionId] + PROBATION_RUNS);
                LOGGER.log(System.Logger.Level.INFO, "a function stalled " + STRIKES_TO_BAN + " times in quick " +
                    "succession and runs on virtual threads for its next " + PROBATION_RUNS + " runs: functionId=" +
                    functionId + ", lastStallNanos=" + nanos);
            }
            lastStallRun[functionId] = runs[functionId];
        }
        else
        {
            collectedDuring(false);
        }
        if (runs[functionId] < Integer.MAX_VALUE)
        {
            runs[functionId]++;
        }
    }

    /**
     * @param stalled whether the run just recorded was a stall: then the count is read now and compared.
     * @return for a stall, whether the collector ran since the count was last read (at most {@value #GC_WINDOW_MS} ms
     * before the run ended, or at the last stall).
     */
    private boolean collectedDuring(final boolean stalled)
    {
        final long now = System.nanoTime();
        if (!stalled && now - gcCheckedNs < GC_WINDOW_MS * 1_000_000)
        {
            return false;
        }
        final long count = collections();
        final boolean moved = count != gcCountSeen;
        gcCountSeen = count;
        gcCheckedNs = now;
        return stalled && moved;
    }

    private long collections()
    {
        long count = 0;
        for (final java.lang.management.GarbageCollectorMXBean collector : collectors)
        {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    /** A task of this function came back from a worker that died: it never runs inline in this worker. */
    void retried(final int functionId)
    {
        if (functionId >= 0)
        {
            ensure(functionId);
            ban(functionId, Integer.MAX_VALUE);
        }
    }

    private void ban(final int functionId, final long untilRun)
    {
        strikes[functionId] = STRIKES_TO_BAN;
        probationEnd[functionId] = untilRun;
    }

    private static int[] filled(final int length)
    {
        final int[] array = new int[length];
        Arrays.fill(array, -1);
        return array;
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
            final int[] stalledAt = filled(length);
            final long[] probation = Arrays.copyOf(probationEnd, length);
            System.arraycopy(lastStallRun, 0, stalledAt, 0, lastStallRun.length);
            final int[] counted = Arrays.copyOf(runs, length);
            nanosPerItem = perItem;
            strikes = struck;
            lastStallRun = stalledAt;
            probationEnd = probation;
            runs = counted;
        }
    }
}
