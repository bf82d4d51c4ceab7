package io.flotilla.launcher;

import io.flotilla.protocol.EchoResponder;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.ParentTransport;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real worker JVMs: started, ready through counters.dat, stopped; each start-up failure gives a clear error with the
 * worker's output, and nothing is left running.
 */
@Timeout(120)
class WorkerLauncherTest
{
    /** A worker main that never reports ready. */
    public static final class NeverReady
    {
        public static void main(final String[] args) throws InterruptedException
        {
            System.out.println("never-ready worker up: slot=" + args[1]);
            Thread.sleep(120_000);
        }
    }

    private Path base;
    private ParentTransport transport;

    @BeforeEach
    void createPool()
    {
        base = PoolDirectory.defaultBase().resolve("launcher-test-" + UUID.randomUUID());
        transport = ParentTransport.create(
            PoolDirectory.create(base, "pool", 2, false), 4, 64, EnvelopeRing.DEFAULT_CAPACITY, r -> { });
    }

    @AfterEach
    void removePool()
    {
        final Path dir = transport.directory().path();
        transport.close();
        assertFalse(Files.exists(dir), "pool directory removed");
        PoolDirectory.deleteTree(base);
        assertNoChildren();
    }

    @Test
    void startsWorkersReadyOnTheirShardsAndStopsThem()
    {
        final long startNs = System.nanoTime();
        final WorkerLauncher launcher = WorkerLauncher.start(transport.directory(), transport.counters(),
            LaunchConfig.builder(EchoResponder.class.getName()).workers(3).build());
        final long readyMs = (System.nanoTime() - startNs) / 1_000_000;
        System.out.println("3 workers ready in " + readyMs + " ms");
        try
        {
            for (int slot = 1; slot <= 3; slot++)
            {
                assertEquals(ProcessState.READY, transport.counters().state(slot));
                assertEquals(launcher.processes().get(slot - 1).pid(), transport.counters().pid(slot));
                assertEquals(1, transport.counters().starts(slot));
                assertTrue(Files.exists(launcher.logFile(slot)));
            }
            assertEquals(0, transport.counters().shardOf(1));
            assertEquals(1, transport.counters().shardOf(2));
            assertEquals(0, transport.counters().shardOf(3), "workers spread round-robin over shards");
            assertEquals(ProcessState.FREE, transport.counters().state(4), "unused slot untouched");

            // the output pumps block in pipe reads: on platform threads, so they hold no virtual-thread carrier
            // (Thread.getAllStackTraces lists platform threads only)
            final long pumps = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(OutputPump.THREAD_PREFIX) && !t.isVirtual()).count();
            assertEquals(3, pumps, "one platform pump thread per worker");
            try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
            {
                final var sleepers = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int i = 0; i < 1_000; i++)
                {
                    sleepers.add(executor.submit(() ->
                    {
                        Thread.sleep(10);
                        return null;
                    }));
                }
                for (final java.util.concurrent.Future<?> sleeper : sleepers)
                {
                    sleeper.get(30, java.util.concurrent.TimeUnit.SECONDS); // virtual threads still get carriers
                }
            }
            catch (final Exception ex)
            {
                throw new AssertionError("virtual threads starved while the pumps read", ex);
            }
        }
        finally
        {
            transport.signalClosing();
            launcher.close();
        }
        for (final Process process : launcher.processes())
        {
            assertFalse(process.isAlive());
            assertEquals(0, process.exitValue(), "workers exit cleanly when the parent closes");
        }
        for (int slot = 1; slot <= 3; slot++)
        {
            assertEquals(ProcessState.EXITED, transport.counters().state(slot));
        }
    }

    @Test
    void missingMainClassIsReportedWithTheWorkerOutput()
    {
        final WorkerStartException ex = assertThrows(WorkerStartException.class, () -> WorkerLauncher.start(
            transport.directory(), transport.counters(), LaunchConfig.builder("no.such.Main").workers(1).build()));
        assertTrue(ex.getMessage().contains("exited before it was ready") && ex.getMessage().contains("exit code 1") &&
            ex.getMessage().contains("Could not find or load main class no.such.Main"), ex.getMessage());
    }

    @Test
    void badJvmFlagIsReportedWithTheWorkerOutput()
    {
        final WorkerStartException ex = assertThrows(WorkerStartException.class, () -> WorkerLauncher.start(
            transport.directory(), transport.counters(),
            LaunchConfig.builder(EchoResponder.class.getName()).workers(1).jvmOption("-XX:+NoSuchFlagAtAll").build()));
        assertTrue(ex.getMessage().contains("Unrecognized VM option 'NoSuchFlagAtAll'"), ex.getMessage());
    }

    @Test
    void badClassPathIsReportedWithTheWorkerOutput()
    {
        final WorkerStartException ex = assertThrows(WorkerStartException.class, () -> WorkerLauncher.start(
            transport.directory(), transport.counters(),
            LaunchConfig.builder(EchoResponder.class.getName()).workers(2).classPath("/nonexistent/flotilla.jar").build()));
        assertTrue(ex.getMessage().contains("Could not find or load main class " + EchoResponder.class.getName()),
            ex.getMessage());
    }

    @Test
    void workerNotReadyInTimeIsReportedAndKilled()
    {
        final WorkerStartException ex = assertThrows(WorkerStartException.class, () -> WorkerLauncher.start(
            transport.directory(), transport.counters(),
            LaunchConfig.builder(NeverReady.class.getName()).workers(1).readyTimeout(Duration.ofSeconds(3)).build()));
        assertTrue(ex.getMessage().contains("not ready in time") && ex.getMessage().contains("state=STARTING") &&
            ex.getMessage().contains("never-ready worker up: slot=1"), ex.getMessage());
    }

    @Test
    void workerOfAnotherLayoutVersionRefusesWithBothVersions() throws Exception
    {
        // what a worker built from other jars sees: a pool directory whose layout version is not its own
        final Path marker = transport.directory().path().resolve(PoolDirectory.MARKER_FILE);
        final String original = Files.readString(marker);
        Files.writeString(marker, original.replace("flotilla.layout.version=" + PoolDirectory.LAYOUT_VERSION,
            "flotilla.layout.version=" + (PoolDirectory.LAYOUT_VERSION + 1)));
        try
        {
            final WorkerStartException ex = assertThrows(WorkerStartException.class, () -> WorkerLauncher.start(
                transport.directory(), transport.counters(),
                LaunchConfig.builder(EchoResponder.class.getName()).workers(1).build()));
            assertTrue(ex.getMessage().contains("pool layout version mismatch") &&
                ex.getMessage().contains("found=" + (PoolDirectory.LAYOUT_VERSION + 1)) &&
                ex.getMessage().contains("expected=" + PoolDirectory.LAYOUT_VERSION), ex.getMessage());
        }
        finally
        {
            Files.writeString(marker, original);
        }
    }

    @Test
    void misconfigurationNamesTheField()
    {
        final IllegalArgumentException workers = assertThrows(IllegalArgumentException.class,
            () -> LaunchConfig.builder("x.Main").workers(0).build());
        assertTrue(workers.getMessage().contains("workers=0"), workers.getMessage());
        final IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
            () -> LaunchConfig.builder("x.Main").readyTimeout(Duration.ZERO).build());
        assertTrue(timeout.getMessage().contains("readyTimeout=PT0S"), timeout.getMessage());
        final IllegalArgumentException slots = assertThrows(IllegalArgumentException.class,
            () -> WorkerLauncher.start(transport.directory(), transport.counters(),
                LaunchConfig.builder("x.Main").workers(5).build()));
        assertTrue(slots.getMessage().contains("workers=5, workerSlots=4"), slots.getMessage());
    }

    @Test
    void defaultHeapIsSmallAndAnExplicitOneReplacesIt()
    {
        final List<String> defaults = LaunchConfig.builder("x.Main").build().commandFor(Path.of("/p"), 1).toList();
        assertTrue(defaults.contains(LaunchConfig.DEFAULT_HEAP), defaults.toString());
        assertEquals(List.of("x.Main", "/p", "1"), defaults.subList(defaults.size() - 3, defaults.size()));
        final List<String> explicit = LaunchConfig.builder("x.Main").jvmOption("-Xmx1g").build()
            .commandFor(Path.of("/p"), 1).toList();
        assertFalse(explicit.contains(LaunchConfig.DEFAULT_HEAP), explicit.toString());

        assertTrue(defaults.contains(LaunchConfig.DEFAULT_INITIAL_HEAP) && defaults.contains(LaunchConfig.DEFAULT_GC),
            defaults.toString());
        final List<String> ownGc = LaunchConfig.builder("x.Main").jvmOption("-XX:+UseZGC").jvmOption("-Xms1g").build()
            .commandFor(Path.of("/p"), 1).toList();
        assertFalse(ownGc.contains(LaunchConfig.DEFAULT_GC) || ownGc.contains(LaunchConfig.DEFAULT_INITIAL_HEAP),
            "a collector or initial heap of the user's replaces the default: " + ownGc);
    }

    private static void assertNoChildren()
    {
        final List<ProcessHandle> alive = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
        assertTrue(alive.isEmpty(), "no worker left running: " + alive);
    }
}
