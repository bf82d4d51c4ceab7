package io.flotilla.tools;

import io.flotilla.protocol.ChronicleQueues;
import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.CountersLayout;
import io.flotilla.protocol.IpcException;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code flotilla stat <pool-dir>}: a live view of {@code counters.dat}, like AeronStat: per worker its state,
 * heartbeat age, tasks in flight, claimed, done and failed; per shard how many excerpts wait unclaimed; the shared
 * counters. Refreshes every second until the pool is gone.
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = "Shows a pool's workers, shards and shared counters live from counters.dat.")
public final class StatCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "The pool directory.")
    Path poolDirectory;

    @Option(names = "--once", description = "Print one view and exit.")
    boolean once;

    @Option(names = "--interval-ms", description = "Refresh interval (default: ${DEFAULT-VALUE}).")
    long intervalMs = 1000;

    PrintStream out = System.out;

    @Override
    public Integer call() throws InterruptedException
    {
        final PoolDirectory directory;
        final CountersFile counters;
        try
        {
            directory = PoolDirectory.openForReading(poolDirectory);
            counters = CountersFile.open(directory.countersFile());
        }
        catch (final IpcException ex)
        {
            out.println("flotilla stat: " + ex.getMessage());
            return 1;
        }
        final SingleChronicleQueue[] queues = new SingleChronicleQueue[directory.shardCount()];
        try
        {
            final boolean terminal = !once && null != System.console();
            while (true)
            {
                if (terminal)
                {
                    out.print("\033[H\033[2J");
                }
                print(directory, counters, queues);
                final ProcessState parent = counters.state(CountersLayout.PARENT_SLOT);
                if (once)
                {
                    return 0;
                }
                if (ProcessState.EXITED == parent || !Files.isDirectory(poolDirectory))
                {
                    out.println("pool is gone");
                    return 0;
                }
                Thread.sleep(intervalMs);
            }
        }
        finally
        {
            CloseHelper.quietCloseAll(queues);
            counters.close();
        }
    }

    private void print(final PoolDirectory directory, final CountersFile counters, final SingleChronicleQueue[] queues)
    {
        final long now = System.currentTimeMillis();
        out.printf("pool %s: parent pid %d, %s, heartbeat %s ago%n", directory.path(), counters.parentPid(),
            counters.state(CountersLayout.PARENT_SLOT), age(now, counters.heartbeatEpochMs(CountersLayout.PARENT_SLOT)));
        out.printf("%6s %10s %10s%n", "shard", "claimed", "waiting");
        for (int shard = 0; shard < directory.shardCount(); shard++)
        {
            final long claimed = counters.claimCursor(shard);
            out.printf("%6d %10d %10s%n", shard, claimed, waiting(directory, queues, shard, claimed));
        }
        out.printf("%6s %8s %9s %10s %9s %10s %10s %8s %7s%n", "worker", "pid", "state", "heartbeat", "in-flight",
            "claimed", "done", "failed", "starts");
        for (int slot = 1; slot <= counters.workerSlots(); slot++)
        {
            final ProcessState state = counters.state(slot);
            if (ProcessState.FREE == state && 0 == counters.starts(slot))
            {
                continue;
            }
            out.printf("%6d %8d %9s %10s %9d %10d %10d %8d %7d%n", slot, counters.pid(slot), state,
                age(now, counters.heartbeatEpochMs(slot)), counters.inFlightTable(slot).forEach(id -> { }),
                counters.claimed(slot), counters.completed(slot), counters.failed(slot), counters.starts(slot));
        }
        for (int i = 0; i < counters.sharedValues().count(); i++)
        {
            out.printf("shared %s = %d%n", counters.sharedValues().name(i), counters.sharedValues().value(i));
        }
    }

    private static String waiting(
        final PoolDirectory directory, final SingleChronicleQueue[] queues, final int shard, final long claimed)
    {
        try
        {
            if (null == queues[shard])
            {
                if (!Files.isDirectory(directory.workQueue(shard)))
                {
                    return "0";
                }
                queues[shard] = ChronicleQueues.openReadOnly(directory.workQueue(shard));
            }
            return Long.toString(Math.max(0, queues[shard].entryCount() - claimed));
        }
        catch (final RuntimeException ex)
        {
            return "?";
        }
    }

    private static String age(final long now, final long epochMs)
    {
        return 0 == epochMs ? "never" : String.format("%.1f s", (now - epochMs) / 1000.0);
    }
}
