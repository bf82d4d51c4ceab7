package io.flotilla.tools;

import io.flotilla.testkit.Functions;

import io.flotilla.Pool;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.launcher.JvmCommand;
import io.flotilla.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parent killed with SIGKILL leaves its files behind; replay reads them: what finished, and what was in flight.
 */
@Timeout(120)
class CrashedParentReplayTest
{
    /** The parent that crashes: 20 tasks answered, 2 long ones in flight, then it waits to be killed. */
    public static final class CrashingParent
    {
        public static void main(final String[] args) throws Exception
        {
            final Pool pool = Pool.builder().processes(1).base(Path.of(args[0])).poolId("crashed").build();
            for (int i = 1; i <= 20; i++)
            {
                pool.submit(Functions.Square.class, i).get(30, TimeUnit.SECONDS);
            }
            pool.submit(Functions.Sleep.class, 60_000);
            pool.submit(Functions.Sleep.class, 60_000);
            final Path dir = pool.config().base().resolve(pool.config().poolId());
            Await.until(() -> 2 == WorkerInFlight.of(dir, 1), "the worker holds both long tasks");
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(120_000); // until the test kills this parent
        }
    }

    @Test
    void replayReadsThePoolOfACrashedParent() throws Exception
    {
        final Path base = Files.createTempDirectory("flotilla-crash-test");
        final Process parent = JvmCommand.builder(CrashingParent.class.getName()).arg(base.toString()).build()
            .processBuilder().redirectErrorStream(true).start();
        try
        {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = reader.readLine()) && !line.equals("ready"))
                {
                    // wait for the workload
                }
            }
            parent.destroyForcibly();
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));

            final Path dir = base.resolve("crashed");
            assertTrue(Files.isDirectory(dir), "a crashed parent cannot remove its files");
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final PrintStream original = System.out;
            final int exit;
            try
            {
                System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
                exit = new CommandLine(new FlotillaCli()).execute("replay", dir.toString(), "ls");
            }
            finally
            {
                System.setOut(original);
            }
            final String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, out);
            assertEquals(20, out.lines().filter(l -> l.contains("Square") && l.contains(" ok ")).count(), out);
            assertEquals(2, out.lines().filter(l -> l.contains("Sleep") && l.contains(" lost ")).count(),
                "in flight when the parent died:\n" + out);
        }
        finally
        {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
            PoolDirectory.deleteTree(base);
        }
    }
}
