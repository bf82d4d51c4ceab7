package io.flotilla.tools;

import io.flotilla.Pool;
import io.flotilla.SharedCounter;
import io.flotilla.testkit.Await;
import io.flotilla.testkit.Functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool keeps its files after a task was cancelled while it ran: replay lists it as cancelled and shows its cancel
 * record.
 */
@Timeout(120)
class ReplayCancelTest
{
    @Test
    void cancelRecordShowsAsCancelled() throws Exception
    {
        final Path base = Files.createTempDirectory("flotilla-replay-cancel");
        try
        {
            try (Pool pool = Pool.builder().processes(1).base(base).poolId("cancelled").keepFiles(true).build())
            {
                final SharedCounter started = pool.sharedCounter("started");
                final CompletableFuture<Integer> sleeper = pool.submit(Functions.CountedSleep.class, 60_000);
                Await.until(() -> 1 == started.get(), "the sleeper started");
                assertTrue(sleeper.cancel(true));
                assertThrows(CancellationException.class, sleeper::join);
                Await.until(() -> 0 == pool.probe().pendingTasks(), "the worker answered the cancel");
            }
            final Path poolDir = base.resolve("cancelled");
            final String ls = run("replay", poolDir.toString(), "ls", "--json");
            assertEquals(1, count(ls, "\"status\":\"cancelled\""), ls);
            final java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\{\"taskId\":(\\d+),").matcher(ls);
            assertTrue(id.find(), ls);
            final long taskId = Long.parseLong(id.group(1));
            final String show = run("replay", poolDir.toString(), "show", Long.toString(taskId));
            assertTrue(show.contains("status cancelled") && show.contains("cancelled: cancel record for attempt 0"),
                show);
            assertTrue(show.contains("from worker 1: cancelled"), "the worker's answer: " + show);
        }
        finally
        {
            io.flotilla.protocol.PoolDirectory.deleteTree(base);
        }
    }

    private static String run(final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final PrintStream original = System.out;
        try
        {
            System.setOut(out); // the commands print to System.out as it is when they are created
            final CommandLine cli = new CommandLine(new FlotillaCli());
            cli.setOut(new java.io.PrintWriter(out, true));
            cli.setErr(new java.io.PrintWriter(out, true));
            assertEquals(0, cli.execute(args), () -> bytes.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int count(final String text, final String regex)
    {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find())
        {
            n++;
        }
        return n;
    }
}
