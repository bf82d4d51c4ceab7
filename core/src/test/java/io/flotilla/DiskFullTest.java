package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.launcher.JvmCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The file system under the queues fills up while tasks flow: callers get a clear failure, nothing hangs, and the pool
 * closes leaving no worker. Needs a small tmpfs, so it runs where this process may mount one (root), and the pool runs
 * in a child JVM: a fault in a mapped file is not something to risk in the test JVM.
 */
@Timeout(180)
class DiskFullTest
{
    /** Fills a pool whose base is the directory in args[0] with 100 kB tasks; prints what happened. */
    public static final class Filler
    {
        public static void main(final String[] args)
        {
            int submitted = 0;
            int ok = 0;
            int failed = 0;
            String submitError = "none";
            try (Pool pool = Pool.builder().processes(1).base(Path.of(args[0]))
                .workerOutputLevel(System.Logger.Level.OFF).build())
            {
                final List<CompletableFuture<Object>> futures = new ArrayList<>();
                for (int i = 0; i < 2000; i++)
                {
                    try
                    {
                        futures.add(pool.submit(Functions.Echo.class, new byte[100_000]));
                        submitted++;
                    }
                    catch (final IllegalStateException ex)
                    {
                        submitError = ex.getMessage();
                        break;
                    }
                }
                for (final CompletableFuture<Object> future : futures)
                {
                    try
                    {
                        future.get(60, TimeUnit.SECONDS);
                        ok++;
                    }
                    catch (final java.util.concurrent.ExecutionException ex)
                    {
                        failed++;
                    }
                    catch (final Exception ex)
                    {
                        System.out.println("hung: " + ex);
                    }
                }
            }
            System.out.println("submitted=" + submitted + " ok=" + ok + " failed=" + failed);
            System.out.println("submit error: " + submitError);
        }
    }

    @Test
    void fullFileSystemFailsTasksClearlyAndNothingHangs() throws Exception
    {
        final Path mount = Files.createTempDirectory("flotilla-smallfs");
        assumeTrue(run(10, "mount", "-t", "tmpfs", "-o", "size=40m,mode=0700", "tmpfs", mount.toString()) == 0,
            "this machine lets the test mount a small tmpfs");
        try
        {
            final Path log = Files.createTempFile("flotilla-diskfull", ".log");
            final Process child = JvmCommand.builder(Filler.class.getName()).arg(mount.toString()).build()
                .processBuilder().redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(child.waitFor(150, TimeUnit.SECONDS), "the parent did not hang");
            final String out = Files.readString(log);
            Files.deleteIfExists(log);
            assertEquals(0, child.exitValue(), out);
            final Matcher counts = Pattern.compile("submitted=(\\d+) ok=(\\d+) failed=(\\d+)").matcher(out);
            assertTrue(counts.find(), out);
            final int submitted = Integer.parseInt(counts.group(1));
            assertTrue(submitted < 2000, "the disk filled before all 2000 were sent:\n" + out);
            assertEquals(submitted, Integer.parseInt(counts.group(2)) + Integer.parseInt(counts.group(3)),
                "every submitted task ended:\n" + out);
            assertTrue(Integer.parseInt(counts.group(3)) > 0, out);
            assertTrue(out.contains("is the file system of " + mount + " full?"), out);
            assertTrue(!out.contains("hung:"), out);
            assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive), "no worker left");
        }
        finally
        {
            run(10, "umount", mount.toString());
            Files.deleteIfExists(mount);
        }
    }

    private static int run(final int timeoutSeconds, final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
