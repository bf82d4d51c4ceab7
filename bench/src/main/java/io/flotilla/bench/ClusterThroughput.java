package io.flotilla.bench;

import io.flotilla.Pool;
import io.flotilla.examples.DemoFunctions.NoOp;
import io.flotilla.cluster.ClusterConfig;
import io.flotilla.cluster.ClusterPool;
import io.flotilla.cluster.FlotillaNode;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * The cluster pool against a local pool with as many workers, same run, same machine: {@code map} throughput of no-op
 * tasks (chunks sized automatically), and the cost of one chunk (a single submit, closed loop) in wall time and CPU.
 * The nodes run in this JVM, each with its own Hazelcast member on 127.0.0.1 and its own worker JVM, so the CPU
 * figure covers both ends of the Hazelcast hop.
 */
@Command(
    name = "cluster-bench",
    mixinStandardHelpOptions = true,
    description = "Compares a cluster pool of nodes on 127.0.0.1 with a local pool: map throughput and per-chunk cost.")
public final class ClusterThroughput implements Callable<Integer>
{
    @Option(names = "--nodes", description = "Nodes, one worker JVM each (default: ${DEFAULT-VALUE}).")
    int nodes = 2;

    @Option(names = "--items", description = "No-op tasks per map (default: ${DEFAULT-VALUE}).")
    int items = 1_000_000;

    @Option(names = "--rounds", description = "Map rounds; the last is reported (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--samples", description = "Single submits timed per pool (default: ${DEFAULT-VALUE}).")
    int samples = 2_000;

    @Option(names = "--port", description = "First port the members try; each takes the next free one (default: ${DEFAULT-VALUE}).")
    int port = 5901;

    java.io.PrintStream out = System.out;

    /** Ports beyond one per member that the members may move up to when one is taken. */
    private static final int PORT_SLACK = 8;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ClusterThroughput()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final List<Integer> input = IntStream.range(0, items).boxed().toList();
        final Result local;
        try (Pool pool = Pool.builder().processes(nodes).build())
        {
            local = measure(pool, input);
        }
        final Result cluster;
        final long chunks;
        final List<FlotillaNode> started = new ArrayList<>();
        final String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try
        {
            for (int i = 0; i < nodes; i++)
            {
                started.add(FlotillaNode.start(config(name).config()));
            }
            try (ClusterPool pool = ClusterPool.connect(config(name).minNodes(nodes).config()))
            {
                cluster = measure(pool, input);
                chunks = pool.answeredChunks();
            }
        }
        finally
        {
            for (final FlotillaNode node : started)
            {
                node.close();
            }
        }
        out.printf("map of %,d no-op tasks, %d workers: local %,.0f tasks/s, cluster of %d nodes %,.0f tasks/s " +
            "(%.2f of local), %,d chunks over the whole run%n",
            items, nodes, local.tasksPerSecond, nodes, cluster.tasksPerSecond,
            cluster.tasksPerSecond / local.tasksPerSecond, chunks);
        out.printf("one submit, closed loop, %,d samples: local p50 %.1f us p99 %.1f us, cpu %.1f us; " +
            "cluster p50 %.1f us p99 %.1f us, cpu %.1f us (both ends)%n",
            samples, local.p50Us, local.p99Us, local.cpuUsPerSubmit, cluster.p50Us, cluster.p99Us,
            cluster.cpuUsPerSubmit);
        out.printf("per-chunk overhead of the Hazelcast hop: p50 %.0f us wall, %.0f us cpu%n",
            cluster.p50Us - local.p50Us, cluster.cpuUsPerSubmit - local.cpuUsPerSubmit);
        return 0;
    }

    /** Every member takes the first free port from {@code --port} on, and looks for the others in that range. */
    private ClusterConfig.Builder config(final String name)
    {
        final int ports = nodes + PORT_SLACK;
        return ClusterConfig.builder()
            .clusterName(name)
            .port(port)
            .portCount(ports)
            .member("127.0.0.1:" + port + "-" + (port + ports - 1))
            .localPool(Pool.builder().processes(1));
    }

    private record Result(double tasksPerSecond, double p50Us, double p99Us, double cpuUsPerSubmit)
    {
    }

    private Result measure(final Pool pool, final List<Integer> input)
    {
        double tasksPerSecond = 0;
        for (int round = 1; round <= rounds; round++)
        {
            final long startNs = System.nanoTime();
            final List<Integer> results = pool.map(NoOp.class, input);
            final long ns = System.nanoTime() - startNs;
            if (results.size() != items || !results.get(items - 1).equals(items - 1))
            {
                throw new IllegalStateException("wrong results: size=" + results.size());
            }
            tasksPerSecond = items * 1e9 / ns;
        }
        final Histogram histogram = new Histogram(3);
        for (int i = 0; i < samples / 4; i++)
        {
            pool.submit(NoOp.class, i).join(); // warm-up
        }
        final long cpuStart = processCpuNanos();
        for (int i = 0; i < samples; i++)
        {
            final long startNs = System.nanoTime();
            pool.submit(NoOp.class, i).join();
            histogram.recordValue(System.nanoTime() - startNs);
        }
        final double cpuUs = (processCpuNanos() - cpuStart) / 1e3 / samples;
        return new Result(tasksPerSecond, histogram.getValueAtPercentile(50) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, cpuUs);
    }

    private static long processCpuNanos()
    {
        return ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }
}
