package io.flotilla.bench;

import io.flotilla.Pool;
import io.flotilla.examples.DemoFunctions.NoOp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * Throughput of {@code map} over no-op tasks by chunk size, on a real pool; the last of several rounds is reported,
 * the earlier ones warm the JIT.
 */
@Command(
    name = "map-bench",
    mixinStandardHelpOptions = true,
    description = "Measures map throughput of no-op tasks for several chunk sizes.")
public final class MapThroughput implements Callable<Integer>
{
    @Option(names = "--items", description = "Tasks per map (default: ${DEFAULT-VALUE}).")
    int items = 200_000;

    @Option(names = "--processes", description = "Worker JVMs (default: ${DEFAULT-VALUE}).")
    int processes = 2;

    @Option(names = "--rounds", description = "Rounds; the last is reported (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--chunksizes", split = ",", description = "Chunk sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> chunksizes = List.of(1, 16, 256, 1024);

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new MapThroughput()).execute(args));
    }

    @Override
    public Integer call()
    {
        final List<Integer> input = IntStream.range(0, items).boxed().toList();
        try (Pool pool = Pool.builder().processes(processes).build())
        {
            for (int round = 1; round <= rounds; round++)
            {
                for (final int chunksize : chunksizes)
                {
                    final long startNs = System.nanoTime();
                    final List<Integer> results = pool.map(NoOp.class, input, chunksize);
                    final long ns = System.nanoTime() - startNs;
                    if (results.size() != items || !results.get(items - 1).equals(items - 1))
                    {
                        throw new IllegalStateException("wrong results: size=" + results.size());
                    }
                    if (round == rounds)
                    {
                        System.out.printf("chunksize %5d: %,d no-op tasks on %d workers in %,.1f ms = %,.0f tasks/s%n",
                            chunksize, items, processes, ns / 1e6, items * 1e9 / ns);
                    }
                }
            }
        }
        return 0;
    }
}
