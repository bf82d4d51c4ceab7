package io.flotilla.launcher;

import io.flotilla.protocol.EchoResponder;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.ParentTransport;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;
import io.flotilla.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spare worker JVMs: they boot and warm up before a pool exists, a launcher takes them as its workers (and as the
 * replacements of dead ones), they are refilled in the background, and closing leaves no process and no file.
 */
@Timeout(120)
class SpareWorkersTest
{
    private Path base;
    private ParentTransport transport;

    @BeforeEach
    void createPool()
    {
        base = PoolDirectory.defaultBase().resolve("spares-test-" + UUID.randomUUID());
        transport = ParentTransport.create(
            PoolDirectory.create(base, "pool", 1, false), 2, 64, EnvelopeRing.DEFAULT_CAPACITY, r -> { });
    }

    @AfterEach
    void removePool()
    {
        transport.close();
        PoolDirectory.deleteTree(base);
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no JVM left");
    }

    @Test
    void launcherTakesWarmSparesAsWorkersAndAsReplacementsAndTheyAreRefilled() throws Exception
    {
        final LaunchConfig config = LaunchConfig.builder(EchoResponder.class.getName()).workers(2).build();
        final SpareWorkers spares = SpareWorkers.start(config, 2, base);
        WorkerLauncher launcher = null;
        try
        {
            final Set<Long> sparePids = childPids();
            assertEquals(2, sparePids.size(), "two spare JVMs started at once");
            Await.until(() -> 2 == spares.warm(), "spares warm");
            assertTrue(Files.isDirectory(spares.directory()));

            final long startNs = System.nanoTime();
            launcher = WorkerLauncher.launch(transport.directory(), transport.counters(), config,
                new WorkerLauncher.Listener()
                {
                }, spares);
            launcher.awaitReady();
            System.out.printf("2 workers ready from warm spares in %d ms%n", (System.nanoTime() - startNs) / 1_000_000);
            final Set<Long> workerPids = launcher.processes().stream().map(Process::pid).collect(Collectors.toSet());
            assertEquals(sparePids, workerPids, "the workers are the spare JVMs");
            for (int n = 1; n <= 2; n++)
            {
                assertFalse(Files.exists(spares.directory().resolve("spare-" + n + ".standby")), "read and removed");
                assertFalse(Files.exists(spares.directory().resolve("spare-" + n + ".log")), "empty log removed");
            }
            for (int slot = 1; slot <= 2; slot++)
            {
                assertEquals(ProcessState.READY, transport.counters().state(slot));
                assertEquals(launcher.processes().get(slot - 1).pid(), transport.counters().pid(slot));
            }

            Await.until(() -> 2 == spares.warm(), "two new spares started and warm once the workers were ready");
            final Set<Long> newSpares = childPids();
            newSpares.removeAll(workerPids);
            assertEquals(2, newSpares.size(), "refilled: " + newSpares);

            final long victim = launcher.processes().get(0).pid();
            launcher.kill(1, "test");
            final WorkerLauncher running = launcher;
            Await.until(() -> running.processes().get(0).pid() != victim &&
                ProcessState.READY == transport.counters().state(1), "slot 1 restarted and ready");
            assertTrue(newSpares.contains(launcher.processes().get(0).pid()), "the replacement was a spare");
            Await.until(() -> 2 == spares.warm(), "refilled after the restart");
        }
        finally
        {
            transport.signalClosing();
            if (null != launcher)
            {
                launcher.close();
            }
            spares.close();
        }
        assertFalse(Files.exists(spares.directory()), "spares' directory removed");
    }

    @Test
    void sparesOfAnotherJvmConfigurationAreNotTaken()
    {
        final SpareWorkers spares = SpareWorkers.start(
            LaunchConfig.builder(EchoResponder.class.getName()).workers(1).jvmOption("-Xmx96m").build(), 1, base);
        WorkerLauncher launcher = null;
        try
        {
            final Set<Long> sparePids = childPids();
            launcher = WorkerLauncher.launch(transport.directory(), transport.counters(),
                LaunchConfig.builder(EchoResponder.class.getName()).workers(1).build(), new WorkerLauncher.Listener()
                {
                }, spares);
            launcher.awaitReady();
            assertFalse(sparePids.contains(launcher.processes().get(0).pid()), "a new JVM with the pool's options");
            assertEquals(1, spares.available(), "the spare still waits");
        }
        finally
        {
            transport.signalClosing();
            if (null != launcher)
            {
                launcher.close();
            }
            spares.close();
        }
    }

    @Test
    void aSpareTakenWhileBootingBecomesAWorkerEvenIfTheSparesAreClosedAtOnce()
    {
        final LaunchConfig config = LaunchConfig.builder(EchoResponder.class.getName()).workers(1).build();
        final SpareWorkers spares = SpareWorkers.start(config, 1, base);
        final long sparePid = ProcessHandle.current().children().findFirst().orElseThrow().pid();
        final WorkerLauncher launcher = WorkerLauncher.launch(transport.directory(), transport.counters(), config,
            new WorkerLauncher.Listener()
            {
            }, spares);
        spares.close(); // the spare is most likely still booting: its scratch directory goes away under it
        try
        {
            launcher.awaitReady();
            assertEquals(sparePid, launcher.processes().get(0).pid(), "the worker is the spare");
            assertEquals(ProcessState.READY, transport.counters().state(1));
        }
        finally
        {
            transport.signalClosing();
            launcher.close();
        }
        assertEquals(0, launcher.processes().get(0).exitValue(), "it worked and left cleanly");
    }

    @Test
    void closingCancelsWaitingSparesAndTheyExitCleanly() throws Exception
    {
        final SpareWorkers spares = SpareWorkers.start(
            LaunchConfig.builder(EchoResponder.class.getName()).workers(1).build(), 2, base);
        final List<ProcessHandle> started = ProcessHandle.current().children().toList();
        Await.until(() -> 2 == spares.warm(), "spares warm");
        spares.close();
        for (final ProcessHandle spare : started)
        {
            assertFalse(spare.isAlive(), "spare gone: pid=" + spare.pid());
        }
        assertEquals(0, spares.available());
        assertFalse(Files.exists(spares.directory()));
    }

    private static Set<Long> childPids()
    {
        return new HashSet<>(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .map(ProcessHandle::pid).toList());
    }
}
