package io.flotilla.tools;

import io.flotilla.testkit.Functions;

import io.flotilla.Pool;
import io.flotilla.testkit.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool runs a known workload with some failing and some timed-out tasks and keeps its files; replay and stat must
 * report exactly those tasks and outcomes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ReplayTest
{
    private Path base;

    private Path poolDir;
    private final List<Long> okIds = new ArrayList<>();

    @BeforeAll
    void runAWorkloadAndKeepItsFiles() throws java.io.IOException
    {
        base = Files.createTempDirectory("flotilla-replay-test");
        try (Pool pool = Pool.builder().processes(2).base(base).poolId("kept").keepFiles(true).build())
        {
            final List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int i = 1; i <= 5; i++)
            {
                futures.add(pool.submit(Functions.Square.class, i));
            }
            futures.add(pool.submit(Functions.Fail.class, "x"));
            futures.add(pool.submit(Functions.Fail.class, "y"));
            // a deadline long enough for the task to start on a loaded machine, so it is interrupted while it runs
            futures.add(pool.submit(Functions.Sleep.class, 30_000, Duration.ofSeconds(2)));
            for (final CompletableFuture<?> future : futures)
            {
                try
                {
                    future.join();
                }
                catch (final RuntimeException expected)
                {
                    // failures are part of the workload
                }
            }
            // the timed-out task's result is written by its worker a moment after the caller's deadline
            final io.flotilla.PoolProbe probe = pool.probe();
            Await.until(() -> probe.completedBy(1) + probe.completedBy(2) >= 8, Duration.ofSeconds(10),
                () -> "every result written: completed=" + probe.completedBy(1) + "+" + probe.completedBy(2));
        }
        poolDir = base.resolve("kept");
        assertTrue(Files.isDirectory(poolDir), "files kept");
    }

    @org.junit.jupiter.api.AfterAll
    void removeTheFiles()
    {
        io.flotilla.protocol.PoolDirectory.deleteTree(base);
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no worker left");
    }

    @Test
    void lsReportsEveryTaskWithItsOutcome()
    {
        final Result json = run("replay", poolDir.toString(), "ls", "--json");
        assertEquals(0, json.exit, json.out);
        assertEquals(5, count(json.out, "\"status\":\"ok\""), json.out);
        assertEquals(2, count(json.out, "\"status\":\"failed\""), json.out);
        assertEquals(1, count(json.out, "\"status\":\"timed-out\""), json.out);
        assertEquals(5, count(json.out, "Functions\\$Square"), json.out);

        assertEquals(1, run("replay", poolDir.toString(), "ls", "--since", "2999-01-01T00:00:00Z").out.lines().count(),
            "nothing submitted in the future");
        assertEquals(9, run("replay", poolDir.toString(), "ls", "--since", "2000-01-01T00:00:00Z", "--until",
            "2999-01-01T00:00:00Z").out.lines().count(), "header and every task");

        final Result failed = run("replay", poolDir.toString(), "ls", "--status", "failed");
        assertEquals(3, failed.out.lines().count(), "header and two tasks:\n" + failed.out);
        assertTrue(failed.out.contains("Functions$Fail"), failed.out);

        final Matcher ok = Pattern.compile("\\{\"taskId\":(\\d+),[^}]*Square[^}]*\"status\":\"ok\"").matcher(json.out);
        while (ok.find())
        {
            okIds.add(Long.parseLong(ok.group(1)));
        }
        assertEquals(5, okIds.size());
    }

    @Test
    void showAndRunReproduceAResultAndAFailure()
    {
        final long failedId = taskIdWith("failed");
        final Result show = run("replay", poolDir.toString(), "show", Long.toString(failedId));
        assertEquals(0, show.exit, show.out);
        assertTrue(show.out.contains("java.lang.IllegalStateException: boom: ") &&
            show.out.contains("at io.flotilla.testkit.Functions$Fail.apply") &&
            show.out.contains("Caused by: java.io.IOException: disk says no"), show.out);

        final Result rerunFailure = run("replay", poolDir.toString(), "run", Long.toString(failedId));
        assertEquals(0, rerunFailure.exit, "same failure again:\n" + rerunFailure.out);
        assertTrue(rerunFailure.out.contains("now threw java.lang.IllegalStateException: boom"), rerunFailure.out);

        final long okId = taskIdWith("ok");
        final Result rerun = run("replay", poolDir.toString(), "run", Long.toString(okId));
        assertEquals(0, rerun.exit, rerun.out);
        assertTrue(rerun.out.matches("(?s)item\\[0\\] (\\d+): now (\\d+), recorded \\2\\n"), rerun.out);
        final Result inWorker = run("replay", poolDir.toString(), "run", "--worker", Long.toString(okId));
        assertEquals(rerun.out, inWorker.out, "a fresh worker JVM gives the same result");
        final Result failureInWorker = run("replay", poolDir.toString(), "run", "--worker", Long.toString(failedId));
        assertEquals(0, failureInWorker.exit, failureInWorker.out);
        assertTrue(failureInWorker.out.contains("now threw java.lang.IllegalStateException: boom"), failureInWorker.out);

        final Result timedOut = run("replay", poolDir.toString(), "show", Long.toString(taskIdWith("timed-out")));
        assertTrue(timedOut.out.contains("timed_out") && timedOut.out.contains("java.util.concurrent.TimeoutException") &&
            timedOut.out.contains("Caused by: java.lang.InterruptedException"), timedOut.out);
    }

    @Test
    void statsAndStatDescribeThePool()
    {
        final Result stats = run("replay", poolDir.toString(), "stats");
        assertEquals(0, stats.exit, stats.out);
        assertTrue(stats.out.matches("(?s).*function io\\.flotilla\\.testkit\\.Functions\\$Square +5 +0 +0 .*"), stats.out);
        assertTrue(stats.out.matches("(?s).*function io\\.flotilla\\.testkit\\.Functions\\$Fail +2 +2 +0 .*"), stats.out);

        final Result stat = run("stat", poolDir.toString(), "--once");
        assertEquals(0, stat.exit, stat.out);
        assertTrue(stat.out.contains("EXITED") && stat.out.matches("(?s).*\\n +1 +\\d+ +EXITED .*"), stat.out);
    }

    @Test
    void truncatedOrMissingFilesAreReportedNotThrown(@TempDir final Path copy) throws Exception
    {
        final Path broken = copy.resolve("broken");
        copyTree(poolDir, broken);
        try (Stream<Path> files = Files.list(broken.resolve("results")))
        {
            final Path cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
            try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw"))
            {
                file.setLength(200);
            }
        }
        final Result ls = run("replay", broken.toString(), "ls");
        assertFalse(ls.out.contains("\tat "), "no stack trace:\n" + ls.out);
        assertEquals(1, ls.exit, ls.out);
        assertTrue(ls.out.contains("problem: results queue holds 0 result items but the workers wrote 8") &&
            ls.out.contains("tasks without a result (first 20): [1, 2, 3, 4, 5, 6, 7, 8]"), ls.out);

        final Result missing = run("replay", copy.resolve("nowhere").toString(), "ls");
        assertEquals(1, missing.exit);
        assertTrue(missing.out.contains("not a Flotilla pool directory") && missing.out.contains("no such directory"),
            missing.out);
    }

    private long taskIdWith(final String status)
    {
        final Result json = run("replay", poolDir.toString(), "ls", "--json", "--status", status);
        final Matcher m = Pattern.compile("\"taskId\":(\\d+)").matcher(json.out);
        assertTrue(m.find(), json.out);
        return Long.parseLong(m.group(1));
    }

    private record Result(int exit, String out)
    {
    }

    private static Result run(final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final PrintStream original = System.out;
        final int exit;
        try
        {
            System.setOut(out); // the commands print to System.out as it is when they are created
            final CommandLine cli = new CommandLine(new FlotillaCli());
            cli.setOut(new java.io.PrintWriter(out, true));
            cli.setErr(new java.io.PrintWriter(out, true));
            exit = cli.execute(args);
        }
        finally
        {
            System.setOut(original);
        }
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private static int count(final String text, final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find())
        {
            n++;
        }
        return n;
    }

    private static void copyTree(final Path from, final Path to) throws Exception
    {
        try (Stream<Path> walk = Files.walk(from))
        {
            for (final Path path : walk.toList())
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target);
                }
            }
        }
    }
}
