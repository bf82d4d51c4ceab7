package io.flotilla.tools;

import io.flotilla.testkit.Functions;

import io.flotilla.Pool;
import io.flotilla.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay tail} and {@code stat} on a pool that is running, and that stops while they watch.
 */
@Timeout(120)
class LiveToolsTest
{
    @Test
    void tailFollowsTasksAndResultsAndStatEndsWithThePool() throws Exception
    {
        final Pool pool = Pool.builder().processes(1).build();
        final Path dir = pool.config().base().resolve(pool.config().poolId());
        try
        {
            final ByteArrayOutputStream tailBytes = new ByteArrayOutputStream();
            final CompletableFuture<Integer> tail = CompletableFuture.supplyAsync(() -> command(tailBytes, "replay", dir.toString(), "tail", "--from-start", "--max-lines", "7"));
            for (int i = 1; i <= 3; i++)
            {
                assertEquals(i * i, pool.submit(Functions.Square.class, i).get(30, TimeUnit.SECONDS));
            }
            assertEquals(0, tail.get(30, TimeUnit.SECONDS));
            final String lines = tailBytes.toString(StandardCharsets.UTF_8);
            assertTrue(lines.contains("define   function 1 = " + Functions.Square.class.getName()), lines);
            assertEquals(3, lines.lines().filter(l -> l.startsWith("task ")).count(), lines);
            assertEquals(3, lines.lines().filter(l -> l.startsWith("result ") && l.contains(" ok ")).count(), lines);

            final CompletableFuture<Integer> running = pool.submit(Functions.Sleep.class, 1_500);
            Await.until(() -> 1 == WorkerInFlight.of(dir, 1), "the worker holds the sleeping task");
            final ByteArrayOutputStream lsBytes = new ByteArrayOutputStream();
            assertEquals(0, command(lsBytes, "replay", dir.toString(), "ls", "--status", "running"));
            assertEquals(2, lsBytes.toString(StandardCharsets.UTF_8).lines().count(),
                "header and the sleeping task:\n" + lsBytes);
            assertEquals(1_500, running.get(30, TimeUnit.SECONDS));

            final ByteArrayOutputStream statBytes = new ByteArrayOutputStream();
            final CompletableFuture<Integer> stat = CompletableFuture.supplyAsync(() -> command(statBytes, "stat", dir.toString(), "--interval-ms", "100"));
            Await.until(() -> statBytes.toString(StandardCharsets.UTF_8).contains("READY"),
                () -> "stat shows the pool:\n" + statBytes);
            pool.close();
            assertEquals(0, stat.get(30, TimeUnit.SECONDS), "stat ends by itself when the pool is gone");
            final String view = statBytes.toString(StandardCharsets.UTF_8);
            assertTrue(view.contains("READY") && view.contains("pool is gone"), view);
        }
        finally
        {
            pool.close();
        }
    }

    /** Runs a command line with its output captured, on the calling thread. */
    private static int command(final ByteArrayOutputStream bytes, final String... args)
    {
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final CommandLine cli = new CommandLine(new FlotillaCli());
        cli.setExecutionStrategy(parseResult ->
        {
            final Object command = parseResult.subcommand().subcommand() != null ?
                parseResult.subcommand().subcommand().commandSpec().userObject() :
                parseResult.subcommand().commandSpec().userObject();
            if (command instanceof StatCommand stat)
            {
                stat.out = out;
            }
            final Object parent = parseResult.subcommand().commandSpec().userObject();
            if (parent instanceof ReplayCommand replay)
            {
                replay.out = out;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli.execute(args);
    }
}
