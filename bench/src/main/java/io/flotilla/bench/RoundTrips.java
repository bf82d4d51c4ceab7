package io.flotilla.bench;

import io.flotilla.Pool;
import io.flotilla.cli.DemoFunctions.NoOp;
import io.flotilla.launcher.JvmCommand;
import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop round trips of a no-op task (one in flight) for Flotilla and its baselines, each into an HdrHistogram:
 * in-process (a virtual thread in the caller's JVM: the floor with no process boundary), a pipe-based child JVM
 * (length-prefixed frames over stdin/stdout), and a Flotilla pool.
 */
final class RoundTrips
{
    private RoundTrips()
    {
    }

    static Histogram inProcess(final int warmup, final int samples) throws InterruptedException, ExecutionException
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor())
        {
            for (int i = 0; i < warmup + samples; i++)
            {
                final int x = i;
                final long t0 = System.nanoTime();
                executor.submit(() -> x).get();
                if (i >= warmup)
                {
                    histogram.recordValue(System.nanoTime() - t0);
                }
            }
        }
        return histogram;
    }

    static Histogram pipeChild(final int warmup, final int samples, final int payload) throws IOException,
        InterruptedException
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Process child = JvmCommand.builder(PipeEchoChild.class.getName()).jvmOption("-Xmx64m").build()
            .processBuilder().redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(child.getOutputStream()));
            final DataInputStream in = new DataInputStream(new BufferedInputStream(child.getInputStream()));
            final byte[] frame = new byte[payload];
            for (int i = 0; i < warmup + samples; i++)
            {
                final long t0 = System.nanoTime();
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
                final int length = in.readInt();
                in.readFully(frame, 0, length);
                if (i >= warmup)
                {
                    histogram.recordValue(System.nanoTime() - t0);
                }
            }
            out.close();
        }
        finally
        {
            if (!child.waitFor(10, TimeUnit.SECONDS))
            {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        return histogram;
    }

    static Histogram flotilla(final Pool pool, final int warmup, final int samples)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        for (int i = 0; i < warmup + samples; i++)
        {
            final long t0 = System.nanoTime();
            pool.submit(NoOp.class, i).join();
            if (i >= warmup)
            {
                histogram.recordValue(System.nanoTime() - t0);
            }
        }
        return histogram;
    }
}
