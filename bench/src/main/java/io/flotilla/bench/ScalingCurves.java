package io.flotilla.bench;

import io.flotilla.Pool;
import io.flotilla.Task;
import io.flotilla.examples.DemoFunctions.FakeIo;
import io.flotilla.examples.DemoFunctions.NoOp;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * How cost grows, so users can size a pool: round trip against payload size (Flotilla and the pipe child, same run),
 * map throughput against workers and against chunk size, and sleep-bound async throughput against
 * {@code childConcurrency}. Each is a {@link Curve}: a chart and a markdown table.
 */
final class ScalingCurves
{
    /** Returns its argument: a round trip that carries a payload both ways. */
    public static final class EchoBytes implements Task<byte[], byte[]>
    {
        @Override
        public byte[] apply(final byte[] payload)
        {
            return payload;
        }
    }

    /** Named series of (x, y) points, drawn as lines. */
    record Curve(String title, String file, String xTitle, String yTitle, boolean logY, Map<String, List<double[]>> series)
    {
        Curve(final String title, final String file, final String xTitle, final String yTitle, final boolean logY)
        {
            this(title, file, xTitle, yTitle, logY, new LinkedHashMap<>());
        }

        void add(final String series, final double x, final double y)
        {
            this.series.computeIfAbsent(series, k -> new ArrayList<>()).add(new double[] {x, y});
        }

        void write(final Path directory) throws IOException
        {
            final XYChart chart = new XYChartBuilder().width(800).height(450).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setYAxisLogarithmic(logY);
            for (final Map.Entry<String, List<double[]>> line : series.entrySet())
            {
                final List<Double> x = new ArrayList<>();
                final List<Double> y = new ArrayList<>();
                for (final double[] point : line.getValue())
                {
                    x.add(point[0]);
                    y.add(Math.max(logY ? 0.01 : 0, point[1]));
                }
                chart.addSeries(line.getKey(), x, y);
            }
            javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", directory.resolve(file).toFile());
        }

        String markdown()
        {
            final StringBuilder md = new StringBuilder(String.format("%n### %s%n%n| %s |", title, xTitle));
            final List<Double> xs = new ArrayList<>();
            for (final List<double[]> points : series.values())
            {
                for (final double[] point : points)
                {
                    if (!xs.contains(point[0]))
                    {
                        xs.add(point[0]);
                    }
                }
            }
            series.keySet().forEach(name -> md.append(' ').append(name).append(" |"));
            md.append("\n| --- |").append(" --- |".repeat(series.size())).append('\n');
            for (final double x : xs)
            {
                md.append(String.format("| %,.0f |", x));
                for (final List<double[]> points : series.values())
                {
                    final double[] point = points.stream().filter(p -> p[0] == x).findFirst().orElse(null);
                    md.append(null == point ? " |" : String.format(" %,.1f |", point[1]));
                }
                md.append('\n');
            }
            md.append(String.format("%n![%s](%s)%n", title, file));
            return md.toString();
        }
    }

    private ScalingCurves()
    {
    }

    /**
     * Round trip p50 and p99 against payload size, Flotilla and the pipe child, and map throughput against payload
     * size, on a pool of 2 workers sized for the largest payload.
     *
     * @return the round-trip curve and the throughput curve.
     */
    static Curve[] byPayload(final int[] sizes, final int warmup, final int samples) throws Exception
    {
        final int largest = java.util.Arrays.stream(sizes).max().orElse(16);
        try (Pool pool = Pool.builder().processes(2).maxPayload(largest + 64)
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            return new Curve[] {roundTripByPayload(pool, sizes, warmup, samples), mapByPayload(pool, sizes)};
        }
    }

    /** map of payloads echoed back, in chunks of up to 256 (fewer when the payload limit says so): MB/s one way. */
    private static Curve mapByPayload(final Pool pool, final int[] sizes)
    {
        final Curve curve = new Curve("map throughput by payload (echoed, 2 workers)", "map-by-payload.png",
            "payload bytes", "MB per second, one way (log)", true);
        for (final int size : sizes)
        {
            final int count = (int)Math.max(64, Math.min(20_000, (64L << 20) / size));
            final List<byte[]> items = java.util.Collections.nCopies(count, new byte[size]);
            pool.map(EchoBytes.class, items, 256); // warm-up
            final double tasksPerSecond = rate(() -> pool.map(EchoBytes.class, items, 256), count);
            curve.add("MB/s", size, tasksPerSecond * size / 1e6);
        }
        return curve;
    }

    private static Curve roundTripByPayload(final Pool pool, final int[] sizes, final int warmup, final int samples)
        throws Exception
    {
        final Curve curve = new Curve("Round trip by payload (echoed both ways, one in flight)", "rtt-by-payload.png",
            "payload bytes", "microseconds (log)", true);
        for (final int size : sizes)
        {
            final byte[] payload = new byte[size];
            // a pool's queue files keep every envelope until it closes (in /dev/shm, memory): at most ~512 MiB a point
            final int n = (int)Math.min(samples, Math.max(100, (256L << 20) / size));
            final int warm = Math.min(warmup, n / 4);
            final Histogram flotilla = RoundTrips.closedLoop(
                i -> pool.submit(EchoBytes.class, payload).join(), warm, n);
            curve.add("Flotilla p50", size, flotilla.getValueAtPercentile(50) / 1e3);
            curve.add("Flotilla p99", size, flotilla.getValueAtPercentile(99) / 1e3);
            try (RoundTrips.PipeChild child = new RoundTrips.PipeChild(size))
            {
                final Histogram pipe = RoundTrips.closedLoop(child, warm, n);
                curve.add("pipe child p50", size, pipe.getValueAtPercentile(50) / 1e3);
                curve.add("pipe child p99", size, pipe.getValueAtPercentile(99) / 1e3);
            }
        }
        return curve;
    }

    /** map throughput of no-op tasks in chunks of 256, and the time to a ready pool, by number of workers. */
    static Curve[] mapByWorkers(final int[] workers, final int items)
    {
        final Curve throughput = new Curve("map throughput by workers (no-op tasks, chunks of 256)",
            "map-by-workers.png", "worker JVMs", "tasks per second", false);
        final Curve startup = new Curve("Time to a ready pool by workers", "ready-by-workers.png", "worker JVMs",
            "milliseconds", false);
        final List<Integer> input = IntStream.range(0, items).boxed().toList();
        for (final int n : workers)
        {
            final long startNs = System.nanoTime();
            try (Pool pool = Pool.builder().processes(n).workerOutputLevel(System.Logger.Level.OFF).build())
            {
                startup.add("ready", n, (System.nanoTime() - startNs) / 1e6);
                for (int round = 0; round < 3; round++)
                {
                    pool.map(NoOp.class, input, 256); // warm-up: the new workers' JIT too
                }
                throughput.add("map", n, rate(() -> pool.map(NoOp.class, input, 256), items));
            }
        }
        return new Curve[] {throughput, startup};
    }

    /** map throughput of no-op tasks by chunk size. */
    static Curve mapByChunk(final Pool pool, final int[] chunks, final int items)
    {
        final Curve curve = new Curve("map throughput by chunk size (no-op tasks)", "map-by-chunk.png",
            "items per chunk", "tasks per second", false);
        final List<Integer> input = IntStream.range(0, items).boxed().toList();
        for (final int chunk : chunks)
        {
            final List<Integer> part = chunk < 16 ? input.subList(0, Math.max(1, items / 10)) : input;
            pool.map(NoOp.class, part, chunk); // warm-up
            curve.add("map", chunk, rate(() -> pool.map(NoOp.class, part, chunk), part.size()));
        }
        return curve;
    }

    /**
     * Async tasks that each wait 10 ms without a thread, 20 per concurrency slot, against {@code childConcurrency}:
     * throughput grows with the slots until the pool, not the waiting, is the limit.
     */
    static Curve asyncByConcurrency(final int processes, final int[] concurrency)
    {
        final Curve curve = new Curve("Async tasks waiting 10 ms, by childConcurrency (" + processes + " workers)",
            "async-by-concurrency.png", "childConcurrency", "tasks per second", true);
        for (final int slots : concurrency)
        {
            try (Pool pool = Pool.builder().processes(processes).childConcurrency(slots)
                .workerOutputLevel(System.Logger.Level.OFF).build())
            {
                final int tasks = 20 * slots * processes;
                sleepBound(pool, tasks, 10); // warm-up
                curve.add("Flotilla", slots, tasks * 1e3 / sleepBound(pool, tasks, 10));
                curve.add("ideal (slots / 10 ms)", slots, processes * slots * 100.0);
            }
        }
        return curve;
    }

    /** @return milliseconds until every one of {@code tasks} async tasks waiting {@code millis} ended. */
    static double sleepBound(final Pool pool, final int tasks, final int millis)
    {
        final long startNs = System.nanoTime();
        final List<CompletableFuture<Integer>> futures = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++)
        {
            futures.add(pool.submitAsync(FakeIo.class, millis));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
        return (System.nanoTime() - startNs) / 1e6;
    }

    /** @return items per second of one run. */
    static double rate(final Runnable run, final int items)
    {
        final long t0 = System.nanoTime();
        run.run();
        return items * 1e9 / (System.nanoTime() - t0);
    }
}
