package io.flotilla.launcher;

import io.flotilla.protocol.EchoResponder;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.ParentTransport;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parent JVM killed with SIGKILL leaves no worker behind: every worker, and every spare JVM waiting to become one
 * (started with other options, so the workers do not take them), exits within a second.
 */
class OrphanTest
{
    /** The intermediate parent: starts two spares and two workers, prints their pids, then waits to be killed. */
    public static final class Parent
    {
        public static void main(final String[] args) throws InterruptedException
        {
            final ParentTransport transport = ParentTransport.create(
                PoolDirectory.create(Path.of(args[0]), "pool", 1, false), 2, 64, EnvelopeRing.DEFAULT_CAPACITY,
                r -> { });
            final SpareWorkers spares = SpareWorkers.start(
                LaunchConfig.builder(EchoResponder.class.getName()).workers(1).jvmOption("-Xmx64m").build(), 2,
                Path.of(args[0]));
            Await.until(() -> spares.warm() >= 2, () -> "two spares warm: warm=" + spares.warm());
            ProcessHandle.current().children().forEach(spare -> System.out.println("spare-pid=" + spare.pid()));
            final WorkerLauncher launcher = WorkerLauncher.start(transport.directory(), transport.counters(),
                LaunchConfig.builder(EchoResponder.class.getName()).workers(2).build());
            for (final Process worker : launcher.processes())
            {
                System.out.println("worker-pid=" + worker.pid());
            }
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(120_000); // the parent stays until the test kills it
        }
    }

    @Test
    @Timeout(120)
    void workersExitWithinOneSecondOfTheParentsKill() throws Exception
    {
        final Path base = PoolDirectory.defaultBase().resolve("orphan-test-" + UUID.randomUUID());
        final Process parent = JvmCommand.builder(Parent.class.getName()).arg(base.toString()).build()
            .processBuilder().redirectErrorStream(true).start();
        final List<ProcessHandle> workers = new ArrayList<>();
        int spares = 0;
        final StringBuilder output = new StringBuilder();
        try
        {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = reader.readLine()))
                {
                    output.append(line).append('\n');
                    if (line.startsWith("worker-pid="))
                    {
                        final Optional<ProcessHandle> worker = ProcessHandle.of(Long.parseLong(line.substring(11)));
                        worker.ifPresent(workers::add);
                    }
                    if (line.startsWith("spare-pid="))
                    {
                        spares++;
                        ProcessHandle.of(Long.parseLong(line.substring(10))).ifPresent(workers::add);
                    }
                    if (line.equals("ready"))
                    {
                        break;
                    }
                }
                assertEquals(2, spares, "parent started two warm spares:\n" + output);
                assertEquals(4, workers.size(), "parent started two workers and two spares:\n" + output);

                final long killedNs = System.nanoTime();
                parent.destroyForcibly();
                assertTrue(parent.waitFor(10, TimeUnit.SECONDS), "parent died");
                for (final ProcessHandle worker : workers)
                {
                    final long leftNs = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - killedNs);
                    final boolean exited = leftNs > 0 && waitForExit(worker, leftNs);
                    assertTrue(exited, "worker exits within 1 s of the parent's SIGKILL: pid=" + worker.pid() + ", stat=" +
                        procStat(worker.pid()) + ", after " + (System.nanoTime() - killedNs) / 1_000_000 + " ms");
                }
                System.out.printf("workers gone %d ms after the parent's SIGKILL%n",
                    (System.nanoTime() - killedNs) / 1_000_000);
            }
        }
        finally
        {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
            for (final ProcessHandle worker : workers)
            {
                worker.destroyForcibly();
                waitForExit(worker, TimeUnit.SECONDS.toNanos(10));
            }
            PoolDirectory.deleteTree(base);
        }
    }

    private static String procStat(final long pid)
    {
        try
        {
            return java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
        }
        catch (final java.io.IOException ex)
        {
            return "gone (" + ex + ")";
        }
    }

    /**
     * Waits until the process has stopped running. An orphan whose parent died is re-parented to pid 1; where pid 1
     * does not reap promptly (containers), the exited worker stays a zombie, which {@link ProcessHandle#isAlive()}
     * still reports as alive, so on Linux the state in {@code /proc} decides.
     */
    private static boolean waitForExit(final ProcessHandle process, final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (true)
        {
            if (!io.flotilla.protocol.Processes.running(process.pid()))
            {
                return true;
            }
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
