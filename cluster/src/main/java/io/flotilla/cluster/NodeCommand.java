package io.flotilla.cluster;

import io.flotilla.Pool;
import io.flotilla.PoolConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code flotilla node}: runs one node of a cluster (a Hazelcast member plus a local pool of worker JVMs) until it is
 * stopped with SIGINT or SIGTERM. Prints one line when it is ready.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a Flotilla node: a Hazelcast member with a local pool of worker JVMs, until SIGINT or SIGTERM.",
        "Cluster pools (ClusterPool.connect) send chunks of tasks to it; the function classes must be on its class path."
    })
public final class NodeCommand implements Callable<Integer>
{
    @Option(names = "--cluster-name", description = "Cluster to join (default: ${DEFAULT-VALUE}).")
    String clusterName = "flotilla";

    @Option(names = "--bind", description = "The one IPv4 address to listen on and connect from (default: ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    @Option(names = "--port", description = "First port to try (default: ${DEFAULT-VALUE}).")
    int port = ClusterConfig.DEFAULT_PORT;

    @Option(names = "--port-count", description = "Ports to try from --port on (default: ${DEFAULT-VALUE}).")
    int portCount = 20;

    @Option(names = "--member", paramLabel = "HOST[:PORT[-PORT]]",
        description = "Where to look for other members; repeat it (default: the bind address).")
    List<String> members = new ArrayList<>();

    @Option(names = "--heartbeat-timeout-seconds",
        description = "A member silent this long is declared dead (default: ${DEFAULT-VALUE}).")
    int heartbeatTimeoutSeconds = 5;

    @Option(names = "--processes", description = "Worker JVMs of the local pool (default: available processors).")
    Integer processes;

    @Option(names = "--child-concurrency", description = "Tasks at once per worker (default: ${DEFAULT-VALUE}).")
    int childConcurrency = PoolConfig.DEFAULT_CHILD_CONCURRENCY;

    @Option(names = "--spare-workers",
        description = "Warm worker JVMs kept beside the workers, so a dead or retired one is replaced at once " +
            "(default: ${DEFAULT-VALUE}).")
    int spareWorkers;

    @Option(names = "--max-payload", description = "Largest encoded argument or result, bytes (default: ${DEFAULT-VALUE}).")
    int maxPayload = PoolConfig.DEFAULT_MAX_PAYLOAD;

    @Option(names = "--java-serialization", paramLabel = "PATTERNS",
        description = "Allow Java-serialized tasks (the ExecutorService view) of classes matching these patterns.")
    String javaSerialization;

    @Option(names = "--exit-with-pid", hidden = true,
        description = "Leave the cluster when this process ends (for supervisors and tests).")
    long exitWithPid;

    PrintStream out = System.out;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new NodeCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final ClusterConfig config;
        try
        {
            config = config();
        }
        catch (final IllegalArgumentException ex)
        {
            out.println("flotilla node: " + ex.getMessage());
            return 2;
        }
        final FlotillaNode node;
        try
        {
            node = FlotillaNode.start(config);
        }
        catch (final RuntimeException ex)
        {
            out.println("flotilla node: could not start: " + ex.getMessage());
            return 1;
        }
        final CountDownLatch stop = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            node.close();
        }, "flotilla-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (0 != exitWithPid)
        {
            ProcessHandle.of(exitWithPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(stop::countDown), stop::countDown);
        }
        out.println("flotilla node ready: address=" + node.address() + ", clusterName=" + config.clusterName() +
            ", members=" + node.clusterSize() + ", processes=" + config.localPool().processes());
        out.flush();
        stop.await();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
            node.close();
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is already shutting down; the hook closes the node
        }
        return 0;
    }

    ClusterConfig config()
    {
        final PoolConfig.Builder pool = Pool.builder().childConcurrency(childConcurrency).maxPayload(maxPayload)
            .spareWorkers(spareWorkers);
        if (null != processes)
        {
            pool.processes(processes);
        }
        if (null != javaSerialization)
        {
            pool.javaSerialization(javaSerialization.split(","));
        }
        final ClusterConfig.Builder builder = ClusterConfig.builder()
            .clusterName(clusterName)
            .bindAddress(bind)
            .port(port)
            .portCount(portCount)
            .heartbeatTimeout(Duration.ofSeconds(heartbeatTimeoutSeconds))
            .localPool(pool);
        for (final String member : members)
        {
            builder.member(member);
        }
        return builder.config();
    }
}
