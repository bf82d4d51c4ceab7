package io.flotilla.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's main job, {@code ./flotilla demo}, on a small workload: it checks its own map/reduce against this JVM,
 * prints every part of its summary, and leaves nothing behind (or keeps the files when asked).
 */
class DemoCommandTest
{
    @Test
    @Timeout(180)
    void demoRunsEveryPartAndLeavesNothingBehind(@TempDir final Path base) throws Exception
    {
        final String out = run("--primes-up-to", "20000", "--io-tasks", "200", "--round-trips", "300",
            "--base", base.toString());
        assertTrue(out.contains("2 worker JVMs ready in"), out);
        assertTrue(out.contains("2,262 primes below 20,000"), out);
        assertTrue(out.contains("200 async tasks each waiting 10 ms, 3 rounds"), out);
        assertTrue(out.matches("(?s).*no-op round trip, one in flight, 300 samples: p50 [0-9.]+ us.*"), out);
        assertTrue(out.matches("(?s).*tasks per worker: worker-1 [0-9,]+ worker-2 [0-9,]+.*"), out);
        try (Stream<Path> left = Files.list(base))
        {
            assertEquals(0, left.count(), "pool directory removed");
        }
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no worker left");
    }

    @Test
    @Timeout(180)
    void keepLeavesTheQueueFiles(@TempDir final Path base) throws Exception
    {
        final String out = run("--primes-up-to", "1000", "--io-tasks", "10", "--round-trips", "10", "--keep",
            "--base", base.toString());
        assertTrue(out.contains("queue files kept in " + base), out);
        try (Stream<Path> left = Files.list(base))
        {
            final Path pool = left.findFirst().orElseThrow();
            assertTrue(Files.isDirectory(pool.resolve("results")) && Files.isDirectory(pool.resolve("work-0")));
        }
    }

    private static String run(final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DemoCommand demo = new DemoCommand();
        demo.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final int exit = new CommandLine(demo).execute(args);
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        return out;
    }
}
