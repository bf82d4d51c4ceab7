package io.flotilla.bench;

import io.flotilla.Pool;
import io.flotilla.examples.DemoFunctions.NoOp;
import io.flotilla.IdleMode;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * {@code flotilla bench}: Flotilla against its baselines in the same run, on the same machine, with the same
 * workload. A no-op round trip, one in flight, for in-process, a pipe-based child JVM, the bare transport and a
 * Flotilla pool, closed-loop and at a fixed rate; map throughput chunked and not; async tasks waiting 10 ms; idle CPU
 * and RSS; the time to a ready pool; and curves of how cost grows with payload size, chunk size, workers and
 * {@code childConcurrency}. Writes {@code report.md} and PNG plots into the output directory and prints the summary.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks Flotilla against its baselines in one run and writes a report with plots.")
public final class BenchCommand implements Callable<Integer>
{
    @Option(names = "--full", description = "The full profile (more samples); the quick one takes under 2 minutes.")
    boolean full;

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench-report");

    @Option(names = "--no-progress", negatable = false,
        description = "No progress bar (none is drawn anyway when output is not a terminal).")
    boolean noProgress;

    @Option(names = "--samples", description = "Round trips measured per system (default: 20,000 quick, 100,000 full).")
    Integer samplesOverride;

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final int STEPS = 9;
    /** Rounds of each map; unchunked runs need a few before the workers' and the parent's JITs are done. */
    private static final int MAP_ROUNDS = 3;
    private static final int ASYNC_TASKS = 10_000;
    private static final int ASYNC_CONCURRENCY = 64;
    private io.flotilla.tools.ProgressBar progress;

    /** Round trips per second of the fixed-rate runs: below every system's closed-loop capacity here. */
    private static final int FIXED_RATE = 5_000;
    /** Silence before each round trip of the after-a-lull rows: far past every idle thread's hot phase. */
    private static final long LULL_MS = 250;

    /** Percent of one core used by an idle pool: [0] the parent JVM, [1..] each worker. */
    private double[] idleCpu = new double[0];

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final int samples = null != samplesOverride ? samplesOverride : full ? 100_000 : 20_000;
        final int warmup = Math.min(samples, full ? 20_000 : 5_000);
        final boolean tiny = null != samplesOverride && samplesOverride < 5_000;
        final int mapItems = null != samplesOverride ? 10 * samples : full ? 10_000_000 : 200_000;
        Files.createDirectories(out);
        final Map<String, Histogram> latency = new LinkedHashMap<>();

        final Map<String, Histogram> fixedRate = new LinkedHashMap<>();
        final Map<String, Histogram> afterLull = new LinkedHashMap<>();
        final int lullSamples = tiny ? 3 : full ? 60 : 20;
        final int rateSamples = Math.max(100, samples / 4);
        progress = new io.flotilla.tools.ProgressBar(System.out, "bench", STEPS, !noProgress);
        step(1, "in-process round trips");
        try (RoundTrips.InProcess inProcess = new RoundTrips.InProcess())
        {
            latency.put("in-process (virtual thread)", RoundTrips.closedLoop(inProcess, warmup, samples));
            fixedRate.put("in-process (virtual thread)",
                RoundTrips.fixedRate(inProcess, rateSamples / 4, rateSamples, FIXED_RATE));
        }
        step(2, "pipe-based child JVM round trips");
        try (RoundTrips.PipeChild child = new RoundTrips.PipeChild(8))
        {
            latency.put("pipe child JVM", RoundTrips.closedLoop(child, warmup, samples));
            fixedRate.put("pipe child JVM", RoundTrips.fixedRate(child, rateSamples / 4, rateSamples, FIXED_RATE));
            afterLull.put("pipe child JVM", RoundTrips.afterLull(child, lullSamples, LULL_MS));
        }
        step(3, "bare transport round trips");
        final IpcRoundTrip transport = new IpcRoundTrip();
        transport.samples = samples;
        transport.warmup = warmup;
        latency.put("Flotilla transport (ipc)", transport.measure(IdleMode.BACKOFF).histogram());

        final Map<String, Double> throughput = new LinkedHashMap<>();
        final long poolStartNs = System.nanoTime();
        final long readyMs;
        final double asyncWallMs;
        final double inProcessAsyncWallMs;
        final long[] idleRssKiB;
        final List<ScalingCurves.Curve> curves = new ArrayList<>();
        try (Pool pool = Pool.builder().processes(2).childConcurrency(ASYNC_CONCURRENCY)
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            readyMs = (System.nanoTime() - poolStartNs) / 1_000_000;
            step(4, "Flotilla pool round trips");
            latency.put("Flotilla submit+join", RoundTrips.flotilla(pool, warmup, samples));
            fixedRate.put("Flotilla submit+join",
                RoundTrips.fixedRate(RoundTrips.flotilla(pool), rateSamples / 4, rateSamples, FIXED_RATE));
            afterLull.put("Flotilla submit+join", RoundTrips.afterLull(RoundTrips.flotilla(pool), lullSamples, LULL_MS));
            step(5, "idle CPU");
            idleCpu = idleCpu(pool, full ? 30_000 : 10_000); // CPU time is counted in 10 ms ticks: 10 s resolves 0.1%
            idleRssKiB = pool.probe().workers().stream()
                .flatMapToLong(p -> java.util.stream.LongStream.of(
                    statusKiB(p.pid(), "VmRSS:"), statusKiB(p.pid(), "RssAnon:"))).toArray();
            step(6, "map throughput");
            final List<Integer> items = IntStream.range(0, mapItems).boxed().toList();
            final List<Integer> unchunked = items.subList(0, unchunkedItems(mapItems));
            for (int round = 0; round < MAP_ROUNDS; round++) // the last round counts: the earlier ones warm the JITs
            {
                throughput.put("map, chunks of 256",
                    ScalingCurves.rate(() -> pool.map(NoOp.class, items, 256), items.size()));
                throughput.put("map, unchunked",
                    ScalingCurves.rate(() -> pool.map(NoOp.class, unchunked, 1), unchunked.size()));
            }
            step(7, "async tasks waiting 10 ms");
            final int asyncTasks = tiny ? 1_000 : ASYNC_TASKS;
            ScalingCurves.sleepBound(pool, asyncTasks, 10);
            asyncWallMs = ScalingCurves.sleepBound(pool, asyncTasks, 10);
            inProcessAsyncWallMs = inProcessSleepBound(asyncTasks, 10);
            step(8, "map by chunk size");
            curves.add(ScalingCurves.mapByChunk(pool,
                full ? new int[] {1, 4, 16, 64, 256, 1_024, 4_096} : new int[] {1, 16, 256, 4_096}, mapItems));
        }
        step(9, "per-hop breakdown; busy-spin round trips; payload sizes; pools of 1, 2 and 4 workers; " +
            "childConcurrency");
        final String hopReport = hopReport(warmup, samples);
        latency.put("Flotilla transport (ipc), busy-spin", transport.measure(IdleMode.BUSY_SPIN).histogram());
        try (Pool spinning = Pool.builder().processes(1).idleMode(IdleMode.BUSY_SPIN)
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            // one worker: with two, three spinning I/O threads would leave the caller no core on a 2-core machine
            latency.put("Flotilla submit+join, busy-spin, 1 worker", RoundTrips.flotilla(spinning, warmup, samples));
        }
        final int curveSamples = tiny ? 200 : full ? 10_000 : 2_000;
        curves.addAll(0, List.of(ScalingCurves.byPayload(
            full ? new int[] {16, 256, 4_096, 65_536, 262_144, 1 << 20} : new int[] {16, 1_024, 65_536, 1 << 20},
            curveSamples / 4, curveSamples)));
        curves.addAll(List.of(ScalingCurves.mapByWorkers(new int[] {1, 2, 4}, tiny ? 20_000 : 200_000)));
        curves.add(ScalingCurves.asyncByConcurrency(2, full ? new int[] {1, 4, 16, 64, 256} : new int[] {1, 8, 64}));
        progress.done();
        System.out.println();

        final StringBuilder md = new StringBuilder(report(latency, throughput, readyMs, samples, warmup, mapItems));
        md.append(String.format("%n%,d async tasks each waiting 10 ms (childConcurrency %d, 2 workers): %.0f ms wall " +
            "(%,.0f tasks/s); the same on virtual threads in this JVM: %.0f ms.%n",
            tiny ? 1_000 : ASYNC_TASKS, ASYNC_CONCURRENCY, asyncWallMs, (tiny ? 1_000 : ASYNC_TASKS) * 1e3 / asyncWallMs,
            inProcessAsyncWallMs));
        md.append(String.format("%nIdle worker RSS: %s (target: at most 64 MiB; the rest is mapped queue files " +
            "and shared code).%n", rssText(idleRssKiB)));
        md.append(hopReport);
        md.append(fixedRateReport(fixedRate, rateSamples));
        md.append(afterLullReport(afterLull, lullSamples));
        md.append(String.format("%n## How cost grows%n"));
        for (final ScalingCurves.Curve curve : curves)
        {
            curve.write(out);
            md.append(curve.markdown());
        }
        final String report = md.toString();
        Files.writeString(out.resolve("report.md"), report);
        latencyChart(latency);
        throughputChart(throughput);
        System.out.println(report);
        System.out.println("written: " + out.resolve("report.md") + ", latency.png, throughput.png");
        return 0;
    }

    private void step(final int n, final String what)
    {
        progress.update(n - 1, "[" + n + "/" + STEPS + "] " + what);
    }

    /** Unchunked tasks per map: half the chunked input, at most a million. */
    private static int unchunkedItems(final int mapItems)
    {
        return Math.min(1_000_000, mapItems / 2);
    }

    private static double inProcessSleepBound(final int tasks, final int millis) throws InterruptedException
    {
        final long startNs = System.nanoTime();
        final java.util.concurrent.ExecutorService executor =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try
        {
            for (int i = 0; i < tasks; i++)
            {
                executor.submit(() ->
                {
                    Thread.sleep(millis);
                    return null;
                });
            }
            executor.shutdown();
            if (!executor.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS))
            {
                throw new IllegalStateException("virtual threads sleeping " + millis + " ms not done in 60 s: tasks=" +
                    tasks + " (are the scheduler's carriers blocked?)");
            }
        }
        finally
        {
            executor.shutdownNow();
        }
        return (System.nanoTime() - startNs) / 1e6;
    }

    /** @return a memory field of /proc/pid/status (VmRSS:, RssAnon:), in KiB, or -1 where /proc does not tell. */
    private static long statusKiB(final long pid, final String field)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
            {
                if (line.startsWith(field))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return -1;
        }
        return -1;
    }

    /** @param kib resident and private (anonymous) KiB of each worker, in pairs. */
    private static String rssText(final long[] kib)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i + 1 < kib.length; i += 2)
        {
            text.append(i == 0 ? "" : ", ").append("worker ").append(i / 2 + 1).append(' ')
                .append(kib[i] < 0 ? "unknown" : String.format("%.1f MiB (%.1f MiB private)", kib[i] / 1024.0,
                    kib[i + 1] / 1024.0));
        }
        return text.toString();
    }

    /**
     * Lets the pool sit idle for a while and measures the CPU its processes used meanwhile (the parent's includes its
     * JIT and GC threads, so it is an upper bound for the pool's I/O thread).
     */
    private static double[] idleCpu(final Pool pool, final long millis) throws InterruptedException
    {
        Thread.sleep(500); // let the I/O threads reach their parking phase
        final List<ProcessHandle> processes = new ArrayList<>();
        processes.add(ProcessHandle.current());
        processes.addAll(pool.probe().workers());
        final long[] before = processes.stream().mapToLong(BenchCommand::cpuNanos).toArray();
        final long startNs = System.nanoTime();
        Thread.sleep(millis);
        final long elapsedNs = System.nanoTime() - startNs;
        final double[] percent = new double[processes.size()];
        for (int i = 0; i < percent.length; i++)
        {
            percent[i] = 100.0 * (cpuNanos(processes.get(i)) - before[i]) / elapsedNs;
        }
        return percent;
    }

    private static long cpuNanos(final ProcessHandle process)
    {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private String report(final Map<String, Histogram> latency, final Map<String, Double> throughput,
        final long readyMs, final int samples, final int warmup, final int mapItems)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Flotilla bench, ").append(full ? "full" : "quick").append(" profile, ").append(LocalDate.now())
            .append("\n\n").append(Runtime.getRuntime().availableProcessors()).append(" cores, JDK ")
            .append(Runtime.version()).append(", back-off idle strategy unless a row says busy-spin. No-op task, 8-byte payload, one in flight, ")
            .append(String.format("%,d samples after %,d warm-up.%n%n", samples, warmup));
        md.append("| round trip | p50 us | p90 us | p99 us | p99.9 us | max us | p50 vs pipe child | p99 vs pipe child |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        final Histogram pipe = latency.get("pipe child JVM");
        for (final Map.Entry<String, Histogram> row : latency.entrySet())
        {
            final Histogram h = row.getValue();
            md.append(String.format("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s |%n",
                row.getKey(), us(h, 50), us(h, 90), us(h, 99), us(h, 99.9), h.getMaxValue() / 1e3,
                ratio(us(pipe, 50), us(h, 50)), ratio(us(pipe, 99), us(h, 99))));
        }
        md.append(String.format("%n| throughput (2 workers, no-op tasks) | tasks/s |%n| --- | --- |%n"));
        for (final Map.Entry<String, Double> row : throughput.entrySet())
        {
            md.append(String.format("| %s | %,.0f |%n", row.getKey(), row.getValue()));
        }
        if (idleCpu.length > 0)
        {
            md.append(String.format("%nIdle pool, CPU as percent of one core: parent JVM %.2f%%", idleCpu[0]));
            for (int i = 1; i < idleCpu.length; i++)
            {
                md.append(String.format(", worker %d %.2f%%", i, idleCpu[i]));
            }
            md.append(" (target: at most 2% per worker).\n");
        }
        md.append(String.format("%nmap of %,d items (unchunked: %,d); last of " + MAP_ROUNDS + " rounds. Pool of 2 workers ready in " +
            "%d ms (this JVM's first pool).%n%n![latency](latency.png)%n%n![throughput](throughput.png)%n",
            mapItems, unchunkedItems(mapItems), readyMs));
        return md.toString();
    }

    /**
     * Where a round trip's time goes: a pool of 2 workers like the submit+join row's, every task sampled
     * ({@code traceHops(1)}), its hop stamps taken in the parent and the worker on the machine's one monotonic clock.
     */
    private static String hopReport(final int warmup, final int samples) throws Exception
    {
        final io.flotilla.HopBreakdown hops;
        final Histogram caller;
        try (Pool traced = Pool.builder().processes(2).traceHops(1).workerOutputLevel(System.Logger.Level.OFF)
            .build())
        {
            caller = RoundTrips.flotilla(traced, warmup, samples);
            hops = traced.hopBreakdown().orElseThrow();
        }
        final StringBuilder md = new StringBuilder(String.format("%n## Where a round trip's time goes%n%n" +
            "No-op `submit(...).join()` on a pool of 2 workers, one in flight, every task sampled (`traceHops(1)`, " +
            "%,d round trips with the warm-up); each hop from stamps taken as the task passes it, in the parent and " +
            "the worker, on the machine's one monotonic clock. Percentiles of each hop on its own: they do not add " +
            "up to the whole trip's.%n%n| hop | p50 us | p90 us | p99 us | max us |%n| --- | --- | --- | --- | --- |%n",
            hops.samples()));
        for (final io.flotilla.HopBreakdown.Hop hop : hops.hops())
        {
            md.append(String.format("| %s | %.2f | %.2f | %.2f | %.2f |%n", hop.name(), hop.p50Micros(),
                hop.p90Micros(), hop.p99Micros(), hop.maxMicros()));
        }
        md.append(String.format("| submit to join returned (the caller's clock, without the warm-up) | %.2f | %.2f | " +
            "%.2f | %.2f |%n", caller.getValueAtPercentile(50) / 1e3, caller.getValueAtPercentile(90) / 1e3,
            caller.getValueAtPercentile(99) / 1e3, caller.getMaxValue() / 1e3));
        return md.toString();
    }

    private static String fixedRateReport(final Map<String, Histogram> fixedRate, final int samples)
    {
        final StringBuilder md = new StringBuilder(String.format(
            "%n## At a fixed rate%n%n%,d round trips a second, one in flight, %,d samples; each timed from when it was " +
            "due, so a slow answer's wait counts for the ones it delays (corrected for coordinated omission).%n%n",
            FIXED_RATE, samples));
        md.append("| round trip | p50 us | p90 us | p99 us | p99.9 us | max us | p99 vs pipe child |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        final Histogram pipe = fixedRate.get("pipe child JVM");
        for (final Map.Entry<String, Histogram> row : fixedRate.entrySet())
        {
            final Histogram h = row.getValue();
            md.append(String.format("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n", row.getKey(), us(h, 50),
                us(h, 90), us(h, 99), us(h, 99.9), h.getMaxValue() / 1e3, ratio(us(pipe, 99), us(h, 99))));
        }
        return md.toString();
    }

    private static String afterLullReport(final Map<String, Histogram> afterLull, final int samples)
    {
        final StringBuilder md = new StringBuilder(String.format(
            "%n## After a lull%n%n%,d round trips, one in flight, each after %d ms without work (every idle thread " +
            "asleep by then), each timed from its own start.%n%n", samples, LULL_MS));
        md.append("| round trip | p50 us | p90 us | max us | p50 vs pipe child |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        final Histogram pipe = afterLull.get("pipe child JVM");
        for (final Map.Entry<String, Histogram> row : afterLull.entrySet())
        {
            final Histogram h = row.getValue();
            md.append(String.format("| %s | %.2f | %.2f | %.2f | %s |%n", row.getKey(), us(h, 50), us(h, 90),
                h.getMaxValue() / 1e3, ratio(us(pipe, 50), us(h, 50))));
        }
        return md.toString();
    }

    private void latencyChart(final Map<String, Histogram> latency) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(900).height(500)
            .title("No-op round trip, one in flight")
            .xAxisTitle("percentile, in nines (0.3 = p50, 1 = p90, 2 = p99, 3 = p99.9)")
            .yAxisTitle("microseconds (log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        for (final Map.Entry<String, Histogram> row : latency.entrySet())
        {
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final double p : PERCENTILES)
            {
                x.add(-Math.log10(1 - p / 100));
                y.add(Math.max(0.01, us(row.getValue(), p)));
            }
            chart.addSeries(row.getKey(), x, y);
        }
        javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out.resolve("latency.png").toFile());
    }

    private void throughputChart(final Map<String, Double> throughput) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(700).height(400)
            .title("map throughput, 2 workers").yAxisTitle("tasks per second").build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("tasks/s", new ArrayList<>(throughput.keySet()), new ArrayList<>(throughput.values()));
        javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out.resolve("throughput.png").toFile());
    }

    /** @return how {@code value} compares with {@code baseline}, in words a reader does not misread. */
    private static String ratio(final double baseline, final double value)
    {
        return value <= baseline ? String.format("%.1fx lower", baseline / value) :
            String.format("%.1fx higher", value / baseline);
    }

    private static double us(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1e3;
    }
}
