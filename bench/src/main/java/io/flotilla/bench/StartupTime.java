package io.flotilla.bench;

import io.flotilla.Pool;
import io.flotilla.PoolConfig;
import io.flotilla.WorkerReserve;
import io.flotilla.examples.DemoFunctions.NoOp;
import io.flotilla.protocol.PoolDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Time from {@code Pool.builder()...build()} to a pool whose workers are all READY, in one run: workers as new JVMs
 * (with the AOT cache when one is trained), and workers taken from a warm {@link WorkerReserve}. Each pool creates its
 * files and queues, starts or takes its workers, waits for them, and is closed before the next.
 */
@Command(
    name = "startup-time",
    mixinStandardHelpOptions = true,
    description = "Measures the time to a pool with every worker ready: new JVMs, and JVMs from a warm reserve.")
public final class StartupTime implements Callable<Integer>
{
    @Option(names = "--workers", description = "Workers per pool (default: ${DEFAULT-VALUE}).")
    int workers = 2;

    @Option(names = "--runs", description = "Pools started one after another, per way (default: ${DEFAULT-VALUE}).")
    int runs = 5;

    @Option(names = "--jvm-option", description = "Extra JVM option for the workers, repeatable.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--base", description = "Directory for pool directories (default: /dev/shm/flotilla-<uid> or tmpdir).")
    Path base = PoolDirectory.defaultBase();

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new StartupTime()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final PoolConfig.Builder builder = Pool.builder().processes(workers).base(base)
            .workerOutputLevel(System.Logger.Level.OFF);
        jvmOptions.forEach(builder::workerJvmOption);

        final long firstMs = startAndClose(builder, new ArrayList<>());
        final List<Long> fresh = new ArrayList<>();
        final List<Long> freshCpu = new ArrayList<>();
        for (int run = 0; run < runs; run++)
        {
            fresh.add(startAndClose(builder, freshCpu));
        }
        final List<Long> reserved = new ArrayList<>();
        final List<Long> reservedCpu = new ArrayList<>();
        try (WorkerReserve reserve = WorkerReserve.start(builder.config(), workers))
        {
            builder.workerReserve(reserve);
            for (int run = 0; run < runs; run++)
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (reserve.warm() < workers && System.nanoTime() < deadline)
                {
                    Thread.sleep(5);
                }
                reserved.add(startAndClose(builder, reservedCpu));
            }
        }
        final List<Long> restarts = recoveries(0);
        final List<Long> spareRestarts = recoveries(1);
        System.out.printf("first pool in this JVM (new JVMs, the parent's own Chronicle start-up included): %d ms%n",
            firstMs);
        report("new worker JVMs", fresh, freshCpu);
        report("from a warm WorkerReserve", reserved, reservedCpu);
        System.out.printf("worker killed (SIGKILL) in a 1-worker pool until a task is answered again, %d runs: " +
            "replaced by a new JVM %s ms, median %d ms; by a spare (spareWorkers(1)) %s ms, median %d ms%n", runs,
            restarts, median(restarts), spareRestarts, median(spareRestarts));
        return 0;
    }

    /**
     * Kills the only worker of a pool, then times a no-op task submitted right after: it is answered once the
     * replacement is ready. With spares, each kill waits until a spare is warm, as in a pool that has run for a
     * while.
     */
    private List<Long> recoveries(final int spares) throws InterruptedException
    {
        final List<Long> millis = new ArrayList<>();
        try (Pool pool = Pool.builder().processes(1).spareWorkers(spares).base(base)
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            for (int run = 0; run < runs; run++)
            {
                pool.submit(NoOp.class, run).join();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                final ProcessHandle worker = pool.probe().workers().get(0);
                while (spares > 0 && pool.probe().warmSpares() < spares && System.nanoTime() < deadline)
                {
                    Thread.sleep(5);
                }
                final long startNs = System.nanoTime();
                worker.destroyForcibly();
                pool.submit(NoOp.class, run).join();
                millis.add((System.nanoTime() - startNs) / 1_000_000);
            }
        }
        return millis;
    }

    private static long median(final List<Long> values)
    {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** @return milliseconds to a ready pool; adds each worker's CPU time until then (its whole life) to cpuMillis. */
    private static long startAndClose(final PoolConfig.Builder builder, final List<Long> cpuMillis)
    {
        final long startNs = System.nanoTime();
        final Pool pool = builder.build();
        final long millis = (System.nanoTime() - startNs) / 1_000_000;
        for (final ProcessHandle worker : pool.probe().workers())
        {
            worker.info().totalCpuDuration().ifPresent(cpu -> cpuMillis.add(cpu.toMillis()));
        }
        pool.close();
        return millis;
    }

    private void report(final String way, final List<Long> millis, final List<Long> cpuMillis)
    {
        final List<Long> sorted = millis.stream().sorted().toList();
        final List<Long> cpu = cpuMillis.stream().sorted().toList();
        System.out.printf("pool of %d ready workers, %s, %d runs, worker options %s: runs %s ms, median %d ms, " +
            "best %d ms; CPU a worker JVM used until then (boot and warm-up included): median %s ms%n", workers, way,
            runs, jvmOptions, millis, sorted.get(sorted.size() / 2), sorted.get(0),
            cpu.isEmpty() ? "n/a" : Long.toString(cpu.get(cpu.size() / 2)));
    }
}
