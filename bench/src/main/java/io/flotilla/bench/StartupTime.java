package io.flotilla.bench;

import io.flotilla.ipc.EchoResponder;
import io.flotilla.ipc.EnvelopeRing;
import io.flotilla.ipc.ParentTransport;
import io.flotilla.ipc.PoolDirectory;
import io.flotilla.launcher.LaunchConfig;
import io.flotilla.launcher.WorkerLauncher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Time from "start the workers" to "every worker is READY in counters.dat", for N echo workers, over several runs.
 */
@Command(
    name = "startup-time",
    mixinStandardHelpOptions = true,
    description = "Measures the time to a set of ready worker JVMs.")
public final class StartupTime implements Callable<Integer>
{
    @Option(names = "--workers", description = "Workers per pool (default: ${DEFAULT-VALUE}).")
    int workers = 2;

    @Option(names = "--runs", description = "Pools started one after another (default: ${DEFAULT-VALUE}).")
    int runs = 5;

    @Option(names = "--jvm-option", description = "Extra JVM option for the workers, repeatable.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--no-aot", description = "Start workers without the AOT cache even if one is trained.")
    boolean noAot;

    @Option(names = "--base", description = "Directory for pool directories (default: /dev/shm/flotilla or tmpdir).")
    Path base = PoolDirectory.defaultBase();

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new StartupTime()).execute(args));
    }

    @Override
    public Integer call()
    {
        final List<Long> millis = new ArrayList<>();
        for (int run = 0; run < runs; run++)
        {
            final PoolDirectory directory = PoolDirectory.create(
                base, "startup-" + ProcessHandle.current().pid() + "-" + run, 1, false);
            try (ParentTransport transport = ParentTransport.create(
                directory, workers, 64, EnvelopeRing.DEFAULT_CAPACITY, r -> { }))
            {
                final LaunchConfig.Builder config = LaunchConfig.builder(EchoResponder.class.getName()).workers(workers);
                jvmOptions.forEach(config::jvmOption);
                if (noAot)
                {
                    config.aotCache(null);
                }
                final long startNs = System.nanoTime();
                final WorkerLauncher launcher = WorkerLauncher.start(transport.directory(), transport.counters(),
                    config.build());
                millis.add((System.nanoTime() - startNs) / 1_000_000);
                transport.signalClosing();
                launcher.close();
            }
        }
        final List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("%d workers ready, %d runs, AOT cache %s, options %s: runs %s ms, median %d ms, best %d ms%n",
            workers, runs, noAot ? "off" : "on if trained", jvmOptions, millis, sorted.get(sorted.size() / 2),
            sorted.get(0));
        return 0;
    }
}
