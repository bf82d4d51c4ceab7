package io.flotilla.tools;

import io.flotilla.examples.DemoFunctions;

import io.flotilla.Pool;
import io.flotilla.PoolConfig;
import io.flotilla.PoolProbe;
import io.flotilla.examples.DemoFunctions.CountPrimes;
import io.flotilla.examples.DemoFunctions.FakeIo;
import io.flotilla.examples.DemoFunctions.NoOp;
import io.flotilla.IdleMode;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code flotilla demo}: both halves of the idea on a real pool. A CPU-bound map/reduce (prime counting over ranges,
 * chunked, checked against the same computation in this JVM), a fan-out of thousands of I/O-bound async tasks that
 * each worker runs concurrently, and round trips of a no-op task.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Runs a map/reduce, an async fan-out and round trips on a pool of worker JVMs.")
public final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--processes", description = "Worker JVMs (default: ${DEFAULT-VALUE}).")
    int processes = 2;

    @Option(names = "--child-concurrency", description = "Tasks at once per worker (default: ${DEFAULT-VALUE}).")
    int childConcurrency = 1024;

    @Option(names = "--primes-up-to", description = "Map/reduce: count primes below this (default: ${DEFAULT-VALUE}).")
    long primesUpTo = 3_000_000;

    @Option(names = "--io-tasks", description = "Async fan-out: tasks, each waiting 10 ms (default: ${DEFAULT-VALUE}).")
    int ioTasks = 2000;

    @Option(names = "--round-trips", description = "No-op round trips measured (default: ${DEFAULT-VALUE}).")
    int roundTrips = 20_000;

    @Option(names = "--idle", description = "Idle strategy: backoff or busy-spin (default: ${DEFAULT-VALUE}).")
    String idle = "backoff";

    @Option(names = "--keep", description = "Keep the pool's queue files for replay.")
    boolean keep;

    @Option(names = "--no-progress", negatable = false,
        description = "No progress bar (none is drawn anyway when output is not a terminal).")
    boolean noProgress;

    @Option(names = "--base", description = "Directory for the pool directory (default: /dev/shm/flotilla-<uid> or tmpdir).")
    Path base;

    private static final int FAN_OUT_ROUNDS = 3;

    PrintStream out = System.out;

    @Override
    public Integer call()
    {
        final PoolConfig.Builder builder = Pool.builder()
            .processes(processes)
            .childConcurrency(childConcurrency)
            .idleMode(IdleMode.parse(idle))
            .keepFiles(keep);
        if (null != base)
        {
            builder.base(base);
        }
        final long startNs = System.nanoTime();
        try (Pool pool = builder.build())
        {
            final long readyMs = (System.nanoTime() - startNs) / 1_000_000;
            out.printf("Flotilla demo: %d worker JVMs ready in %d ms, childConcurrency %d, idle %s, pool %s%n",
                processes, readyMs, childConcurrency, idle, pool.config().base().resolve(pool.config().poolId()));
            mapReduce(pool);
            fanOut(pool);
            roundTrips(pool);
            perWorker(pool.probe());
            if (keep)
            {
                out.println("queue files kept in " + pool.config().base().resolve(pool.config().poolId()));
            }
        }
        return 0;
    }

    private void mapReduce(final Pool pool)
    {
        final long rangeSize = Math.max(1, primesUpTo / 2000);
        final List<Object[]> ranges = new ArrayList<>();
        for (long from = 0; from < primesUpTo; from += rangeSize)
        {
            ranges.add(new Object[] {from, Math.min(primesUpTo, from + rangeSize)});
        }
        final ProgressBar bar = new ProgressBar(out, "map/reduce", ranges.size(), !noProgress);
        final long startNs = System.nanoTime();
        final List<List<Object[]>> batches = new ArrayList<>();
        final int batchSize = Math.max(1, ranges.size() / 4);
        for (int i = 0; i < ranges.size(); i += batchSize)
        {
            batches.add(ranges.subList(i, Math.min(ranges.size(), i + batchSize)));
        }
        long primes = 0;
        int done = 0;
        for (final List<Object[]> batch : batches)
        {
            for (final int count : pool.<Integer>starmap(CountPrimes.class, batch))
            {
                primes += count;
            }
            done += batch.size();
            bar.update(done);
        }
        bar.done();
        final double poolMs = (System.nanoTime() - startNs) / 1e6;

        final long localStartNs = System.nanoTime();
        final int expected = DemoFunctions.countPrimes(0, primesUpTo);
        final double localMs = (System.nanoTime() - localStartNs) / 1e6;
        if (expected != primes)
        {
            throw new IllegalStateException("map/reduce disagrees with this JVM: pool=" + primes + ", local=" + expected);
        }
        out.printf("  %,d primes below %,d in %,d chunks: %.0f ms on the pool, %.0f ms in one thread here (%.1fx)%n",
            primes, primesUpTo, ranges.size(), poolMs, localMs, localMs / poolMs);
    }

    private void fanOut(final Pool pool)
    {
        final StringBuilder rounds = new StringBuilder();
        for (int round = 1; round <= FAN_OUT_ROUNDS; round++)
        {
            final ProgressBar bar = new ProgressBar(out, "async fan-out " + round + "/" + FAN_OUT_ROUNDS, ioTasks, !noProgress);
            final AtomicLong done = new AtomicLong();
            final long startNs = System.nanoTime();
            final List<CompletableFuture<Integer>> futures = new ArrayList<>(ioTasks);
            for (int i = 0; i < ioTasks; i++)
            {
                futures.add(pool.submitAsync(FakeIo.class, 10)
                    .whenComplete((v, e) -> bar.update(done.incrementAndGet())));
            }
            futures.forEach(CompletableFuture::join);
            bar.done();
            rounds.append(String.format("%s%.0f ms", round == 1 ? "" : ", ", (System.nanoTime() - startNs) / 1e6));
        }
        out.printf("  %,d async tasks each waiting 10 ms, %d rounds: %s wall (the first with a cold JIT; one at a " +
            "time would take %,d ms)%n", ioTasks, FAN_OUT_ROUNDS, rounds, ioTasks * 10);
    }

    private void roundTrips(final Pool pool)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final int warmup = Math.min(5000, roundTrips);
        final ProgressBar bar = new ProgressBar(out, "round trips", warmup + roundTrips, !noProgress);
        final long startNs = System.nanoTime();
        for (int i = 0; i < warmup + roundTrips; i++)
        {
            final long t0 = System.nanoTime();
            pool.submit(NoOp.class, i).join();
            if (i >= warmup)
            {
                histogram.recordValue(System.nanoTime() - t0);
            }
            if ((i & 1023) == 0)
            {
                bar.update(i);
            }
        }
        bar.done();
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        out.printf("  no-op round trip, one in flight, %,d samples: p50 %.1f us, p90 %.1f us, p99 %.1f us, " +
            "p99.9 %.1f us, max %.1f us (%,.0f round trips/s)%n", roundTrips,
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
            histogram.getMaxValue() / 1e3, (warmup + roundTrips) / seconds);
    }

    private void perWorker(final PoolProbe pool)
    {
        final StringBuilder line = new StringBuilder("  tasks per worker:");
        for (int slot = 1; slot <= processes; slot++)
        {
            line.append(String.format(" worker-%d %,d", slot, pool.completedBy(slot)));
        }
        out.println(line);
    }
}
