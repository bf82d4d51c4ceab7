package io.flotilla.bench;

import io.flotilla.Pool;
import io.flotilla.examples.DemoFunctions.NoOp;
import io.flotilla.launcher.JvmCommand;
import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop round trips of a no-op task (one in flight) for Flotilla and its baselines, each into an HdrHistogram:
 * in-process (a virtual thread in the caller's JVM: the floor with no process boundary), a pipe-based child JVM
 * (length-prefixed frames over stdin/stdout), and a Flotilla pool; and the same at a fixed rate, corrected for
 * coordinated omission.
 */
final class RoundTrips
{
    private RoundTrips()
    {
    }

    /** One round trip; the driver times it. */
    @FunctionalInterface
    interface RoundTrip
    {
        void once(int i) throws Exception;
    }

    /** Closed loop: the next round trip starts when the last one ends; each is timed from its own start. */
    static Histogram closedLoop(final RoundTrip roundTrip, final int warmup, final int samples) throws Exception
    {
        final Histogram histogram = new Histogram(3); // auto-resizing: a stall of any length is recorded, not thrown
        for (int i = 0; i < warmup + samples; i++)
        {
            final long t0 = System.nanoTime();
            roundTrip.once(i);
            if (i >= warmup)
            {
                histogram.recordValue(System.nanoTime() - t0);
            }
        }
        return histogram;
    }

    /**
     * After a lull: each round trip follows {@code lullMs} of silence, long enough for every thread of both sides to
     * have gone to sleep, and is timed from its own start: what the first request after a quiet spell pays.
     */
    static Histogram afterLull(final RoundTrip roundTrip, final int samples, final long lullMs) throws Exception
    {
        final Histogram histogram = new Histogram(3);
        for (int i = 0; i < samples; i++)
        {
            Thread.sleep(lullMs);
            final long t0 = System.nanoTime();
            roundTrip.once(i);
            histogram.recordValue(System.nanoTime() - t0);
        }
        return histogram;
    }

    /**
     * Fixed rate, one in flight: round trip i is due at start + i / rate and is timed from when it was due, not from
     * when it could start. A slow answer delays the ones after it, and their waiting counts too: the latency a caller
     * with a steady rate of requests sees, corrected for coordinated omission.
     */
    static Histogram fixedRate(final RoundTrip roundTrip, final int warmup, final int samples, final int perSecond)
        throws Exception
    {
        final Histogram histogram = new Histogram(3);
        final double intervalNs = 1e9 / perSecond;
        final long startNs = System.nanoTime();
        for (int i = 0; i < warmup + samples; i++)
        {
            final long dueNs = startNs + (long)(i * intervalNs);
            long now;
            while ((now = System.nanoTime()) < dueNs)
            {
                // a park overshoots by 50-100 us here, which would count as latency: park only when far ahead
                if (dueNs - now > 1_000_000)
                {
                    LockSupport.parkNanos(dueNs - now - 500_000);
                }
                else
                {
                    Thread.yield(); // not a spin: on 2 cores the system measured needs the core more
                }
            }
            roundTrip.once(i);
            if (i >= warmup)
            {
                histogram.recordValue(System.nanoTime() - dueNs);
            }
        }
        return histogram;
    }

    /** The in-process floor: a task handed to a virtual thread in this JVM and awaited. */
    static final class InProcess implements RoundTrip, AutoCloseable
    {
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

        @Override
        public void once(final int i) throws Exception
        {
            executor.submit(() -> i).get();
        }

        @Override
        public void close()
        {
            executor.close();
        }
    }

    /** A child JVM echoing length-prefixed frames over its stdin and stdout. */
    static final class PipeChild implements RoundTrip, AutoCloseable
    {
        private final Process child;
        private final DataOutputStream out;
        private final DataInputStream in;
        private final byte[] frame;

        PipeChild(final int payload) throws IOException
        {
            child = JvmCommand.builder(PipeEchoChild.class.getName()).jvmOption("-Xmx64m").build()
                .processBuilder().redirectError(ProcessBuilder.Redirect.DISCARD).start();
            out = new DataOutputStream(new BufferedOutputStream(child.getOutputStream()));
            in = new DataInputStream(new BufferedInputStream(child.getInputStream()));
            frame = new byte[payload];
        }

        @Override
        public void once(final int i) throws IOException
        {
            out.writeInt(frame.length);
            out.write(frame);
            out.flush();
            final int length = in.readInt();
            in.readFully(frame, 0, length);
        }

        @Override
        public void close() throws IOException
        {
            try
            {
                out.close();
            }
            finally
            {
                try
                {
                    if (!child.waitFor(10, TimeUnit.SECONDS))
                    {
                        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
                catch (final InterruptedException ex)
                {
                    child.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** A no-op task submitted to a pool and joined. */
    static RoundTrip flotilla(final Pool pool)
    {
        return i -> pool.submit(NoOp.class, i).join();
    }

    static Histogram inProcess(final int warmup, final int samples) throws Exception
    {
        try (InProcess inProcess = new InProcess())
        {
            return closedLoop(inProcess, warmup, samples);
        }
    }

    static Histogram pipeChild(final int warmup, final int samples, final int payload) throws Exception
    {
        try (PipeChild child = new PipeChild(payload))
        {
            return closedLoop(child, warmup, samples);
        }
    }

    static Histogram flotilla(final Pool pool, final int warmup, final int samples) throws Exception
    {
        return closedLoop(flotilla(pool), warmup, samples);
    }
}
