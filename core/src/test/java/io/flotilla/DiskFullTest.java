package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.launcher.JvmCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The file system under the queues is full, or fills while tasks flow: callers get a failure naming the directory,
 * the bytes needed and the bytes usable, every future ends, the pool closes leaving no worker, and no JVM dies. Each
 * case mounts a 20 MB tmpfs as the pool's base (so it runs where this process may mount one: root) and runs the pool
 * in a child JVM, since a fault in a mapped file (SIGBUS, exit 134 and an hs_err file, as a store into a sparse page
 * of a full tmpfs did in Chronicle's {@code writeFirstHeader}) is not something to risk in the test JVM.
 */
@Timeout(120)
class DiskFullTest
{
    private static final Pattern NO_ROOM = Pattern.compile("no room for [^:]*: dir=(\\S+), file=\\S+, needed=(\\d+), " +
        "usable=(-?\\d+)");
    private static final Pattern COUNTS = Pattern.compile("submitted=(\\d+) ok=(\\d+) failed=(\\d+) hung=(\\d+)");

    private Path mount;
    private Path workDir;

    /** Runs one case in a pool whose base is args[1]; prints what happened. */
    public static final class Child
    {
        public static void main(final String[] args) throws Exception
        {
            final Path base = Path.of(args[1]);
            // every payload through the queues, whose file system fills: one in a blobs.dat slot takes no new room
            System.setProperty("flotilla.blobMinBytes", Integer.toString(Integer.MAX_VALUE));
            final List<CompletableFuture<?>> futures = new ArrayList<>();
            String submitError = "none";
            // no retry: a task whose worker died fails at once, so a case ends within seconds
            try (Pool pool = Pool.builder().processes(1).base(base).maxRetries(0).build())
            {
                switch (args[0])
                {
                    case "full-before-first-task" ->
                    {
                        fill(base, 0);
                        submitError = submit(pool, futures, 20, () -> pool.submit(Functions.Echo.class, "x"));
                    }
                    case "tasks-fill" -> submitError = submit(pool, futures, 2000,
                        () -> pool.submit(Functions.Echo.class, new byte[100_000]));
                    case "results-fill" ->
                    {
                        // small tasks, 100 kB results: the results queue, which workers write, fills
                        fill(base, 6 << 20);
                        submitError = submit(pool, futures, 120, () -> pool.submit(Functions.Text.class, 100_000));
                    }
                    default -> throw new IllegalArgumentException("case=" + args[0]);
                }
                int ok = 0;
                int failed = 0;
                int hung = 0;
                for (final CompletableFuture<?> future : futures)
                {
                    try
                    {
                        future.get(30, TimeUnit.SECONDS);
                        ok++;
                    }
                    catch (final ExecutionException ex)
                    {
                        if (0 == failed++)
                        {
                            System.out.println("first failure: " + ex.getCause());
                        }
                    }
                    catch (final java.util.concurrent.TimeoutException ex)
                    {
                        hung++;
                    }
                }
                System.out.println("submitted=" + futures.size() + " ok=" + ok + " failed=" + failed + " hung=" + hung);
                System.out.println("usable at end=" + Files.getFileStore(base).getUsableSpace());
            }
            System.out.println("submit error: " + submitError);
            System.out.println("closed");
        }

        private interface Submit
        {
            CompletableFuture<?> submit();
        }

        private static String submit(
            final Pool pool, final List<CompletableFuture<?>> futures, final int count, final Submit submit)
        {
            for (int i = 0; i < count; i++)
            {
                try
                {
                    futures.add(submit.submit());
                }
                catch (final IllegalStateException | java.util.concurrent.RejectedExecutionException ex)
                {
                    return ex.getMessage();
                }
            }
            return "none";
        }

        /** Writes a file next to the pool until the file system has {@code leave} bytes left, or refuses. */
        private static void fill(final Path base, final long leave) throws IOException
        {
            try (FileChannel channel = FileChannel.open(base.resolve("ballast"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE))
            {
                final ByteBuffer block = ByteBuffer.allocate(64 << 10);
                while (Files.getFileStore(base).getUsableSpace() > leave)
                {
                    block.clear();
                    channel.write(block);
                }
                System.out.println("filled: usable=" + Files.getFileStore(base).getUsableSpace());
            }
            catch (final IOException ex)
            {
                System.out.println("filled: usable=" + Files.getFileStore(base).getUsableSpace() + ", " + ex);
            }
        }
    }

    @BeforeEach
    void mountSmallFileSystem() throws Exception
    {
        workDir = Files.createTempDirectory("flotilla-diskfull-cwd");
        mount = Files.createTempDirectory("flotilla-smallfs");
        final boolean mounted = 0 == run("mount", "-t", "tmpfs", "-o", "size=20m,mode=0700", "tmpfs", mount.toString());
        if (!mounted)
        {
            Files.deleteIfExists(mount);
            mount = null;
        }
        assumeTrue(mounted, "this machine lets the test mount a small tmpfs (root)");
    }

    @AfterEach
    void unmount() throws Exception
    {
        if (null != mount)
        {
            // a worker outlives its parent by at most its parent watch's poll: wait for it, bounded, then unmount
            awaitNoDescendant(20);
            if (0 != run("umount", mount.toString()))
            {
                run("umount", "-l", mount.toString());
            }
            Files.deleteIfExists(mount);
        }
        try (Stream<Path> files = Files.list(workDir))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        Files.delete(workDir);
    }

    @Test
    void fileSystemFullBeforeTheFirstTaskFailsTasksClearly() throws Exception
    {
        final String out = runChild("full-before-first-task");
        assertTrue(out.contains("filled: usable="), out);
        final int[] counts = counts(out);
        assertEquals(0, counts[1], "no task got through a full file system:\n" + out);
        assertNoRoomReported(out, "/work-0");
    }

    @Test
    void tasksFillingTheFileSystemFailClearly() throws Exception
    {
        final String out = runChild("tasks-fill");
        final int[] counts = counts(out);
        assertTrue(counts[0] < 2000 || counts[2] > 0, "the disk filled before all 2000 were done:\n" + out);
        assertNoRoomReported(out, "/work-0");
    }

    /**
     * A worker that finds no room for a result leaves (its in-flight tasks fail in the parent) instead of faulting;
     * its own words are lost with the log file on the full file system, so only the parent's side is checked.
     */
    @Test
    void resultsFillingTheFileSystemFailTasksAndNoWorkerFaults() throws Exception
    {
        final String out = runChild("results-fill");
        final int[] counts = counts(out);
        assertTrue(counts[2] > 0, "tasks failed:\n" + out);
        assertTrue(out.contains("worker died with tasks in flight"), out);
        final Matcher usable = Pattern.compile("usable at end=(\\d+)").matcher(out);
        assertTrue(usable.find() && Long.parseLong(usable.group(1)) < 1 << 20,
            "the results filled the file system:\n" + out);
    }

    /** @return the child's output, once it exited 0 (no fault killed it) leaving no worker behind. */
    private String runChild(final String scenario) throws Exception
    {
        final Path log = workDir.resolve("child.log");
        final Process child = JvmCommand.builder(Child.class.getName()).arg(scenario).arg(mount.toString()).build()
            .processBuilder().directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        if (!child.waitFor(90, TimeUnit.SECONDS))
        {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        final String out = Files.readString(log);
        System.out.println(scenario + ":\n" + out);
        assertFalse(child.isAlive(), "the child hung:\n" + out);
        try (Stream<Path> files = Files.list(workDir))
        {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")),
                "a JVM crashed (hs_err file):\n" + out);
        }
        assertEquals(0, child.exitValue(), "the child JVM died (134: a fault in a mapped file):\n" + out);
        assertTrue(out.contains("closed"), "close() returned:\n" + out);
        assertTrue(awaitNoDescendant(20), "no worker left:\n" + out);
        return out;
    }

    /** @return whether every process this JVM started, and theirs, has ended within the time. */
    private static boolean awaitNoDescendant(final long seconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (final ProcessHandle process : ProcessHandle.current().descendants().toList())
        {
            try
            {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (final ExecutionException | java.util.concurrent.TimeoutException ex)
            {
                break;
            }
        }
        return ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive);
    }

    private static int[] counts(final String out)
    {
        final Matcher counts = COUNTS.matcher(out);
        assertTrue(counts.find(), out);
        final int[] values = new int[4];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = Integer.parseInt(counts.group(i + 1));
        }
        assertEquals(0, values[3], "every future ended:\n" + out);
        assertEquals(values[0], values[1] + values[2], "every submitted task ended:\n" + out);
        return values;
    }

    /** The failure names the queue's directory, and the file system really had less room than needed. */
    private void assertNoRoomReported(final String out, final String queueDir)
    {
        final Matcher noRoom = NO_ROOM.matcher(out);
        assertTrue(noRoom.find(), "a failure names dir, needed and usable:\n" + out);
        assertTrue(noRoom.group(1).startsWith(mount.toString()) && noRoom.group(1).endsWith(queueDir),
            "the directory of the queue that was full: " + noRoom.group() + "\n" + out);
        assertTrue(Long.parseLong(noRoom.group(3)) < Long.parseLong(noRoom.group(2)),
            "the file system really had less room than needed: " + noRoom.group() + "\n" + out);
    }

    private static int run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }
}
