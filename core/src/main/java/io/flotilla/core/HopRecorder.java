package io.flotilla.core;

import io.flotilla.HopBreakdown;
import io.flotilla.protocol.HopStamps;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the hops of sampled round trips ({@link HopStamps}) into one histogram per hop. Recorded by whichever thread
 * runs the pool's duty cycle, one at a time; read by any thread ({@link #breakdown()} copies under the lock).
 */
final class HopRecorder
{
    static final String[] HOPS = {
        "submit to work queue (parent: encode, ring, append)",
        "work queue to claim (worker notices, claims)",
        "claim to task start (hand-off to the runner)",
        "task run",
        "task end to results queue (worker: encode, ring, append)",
        "results queue to read (parent notices)",
        "read to future completed (decode, complete)",
        "submit to future completed",
    };

    private final Histogram[] histograms = new Histogram[HOPS.length];
    private long samples;

    HopRecorder()
    {
        for (int i = 0; i < histograms.length; i++)
        {
            histograms[i] = new Histogram(3_600_000_000_000L, 2);
        }
    }

    /** @param trailer offset of the result's trace trailer in {@code buffer}. */
    synchronized void record(final DirectBuffer buffer, final int trailer, final long readNs, final long completedNs)
    {
        final long submitted = buffer.getLong(trailer + HopStamps.SUBMITTED);
        final long[] stamps = {
            submitted,
            buffer.getLong(trailer + HopStamps.WORK_APPENDED),
            buffer.getLong(trailer + HopStamps.CLAIMED),
            buffer.getLong(trailer + HopStamps.STARTED),
            buffer.getLong(trailer + HopStamps.ENDED),
            buffer.getLong(trailer + HopStamps.RESULT_APPENDED),
            readNs,
            completedNs,
        };
        for (int i = 0; i < HOPS.length - 1; i++)
        {
            record(i, stamps[i + 1] - stamps[i]);
        }
        record(HOPS.length - 1, completedNs - submitted);
        samples++;
    }

    private void record(final int hop, final long nanos)
    {
        // a stamp of a hop the task did not pass (0) gives nonsense: shared files are input, so clamp
        histograms[hop].recordValue(Math.max(0, Math.min(nanos, histograms[hop].getHighestTrackableValue())));
    }

    synchronized HopBreakdown breakdown()
    {
        final List<HopBreakdown.Hop> hops = new ArrayList<>();
        for (int i = 0; i < HOPS.length; i++)
        {
            final Histogram h = histograms[i];
            hops.add(new HopBreakdown.Hop(HOPS[i], h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3));
        }
        return new HopBreakdown(samples, List.copyOf(hops));
    }
}
