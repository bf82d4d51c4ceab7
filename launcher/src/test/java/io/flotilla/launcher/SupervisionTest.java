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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real worker JVMs die, hang and fail to restart; the launcher notices, reports, restarts, or gives up clearly.
 */
@Timeout(120)
class SupervisionTest
{
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final WorkerLauncher.Listener listener = new RecordingListener(events::add);

    private Path base;
    private ParentTransport transport;
    private WorkerLauncher launcher;

    @BeforeEach
    void createPool()
    {
        base = PoolDirectory.defaultBase().resolve("supervision-test-" + UUID.randomUUID());
        transport = ParentTransport.create(
            PoolDirectory.create(base, "pool", 1, false), 2, 64, EnvelopeRing.DEFAULT_CAPACITY, r -> { });
    }

    @AfterEach
    void stopAll()
    {
        transport.signalClosing();
        if (null != launcher)
        {
            launcher.close();
        }
        transport.close();
        PoolDirectory.deleteTree(base);
        final List<ProcessHandle> alive = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
        assertTrue(alive.isEmpty(), "no worker left running: " + alive);
    }

    @Test
    void killedWorkerIsReportedWithItsSignalAndRestarted() throws Exception
    {
        launcher = WorkerLauncher.start(transport.directory(), transport.counters(),
            LaunchConfig.builder(EchoResponder.class.getName()).workers(2).build(), listener);
        final Process victim = launcher.processes().get(0);
        final long otherPid = launcher.processes().get(1).pid();

        victim.destroyForcibly();

        final WorkerDeath death = (WorkerDeath)events.poll(30, TimeUnit.SECONDS);
        assertNotNull(death, "death reported");
        assertEquals(1, death.slot());
        assertEquals(victim.pid(), death.pid());
        assertEquals(WorkerDeath.Cause.EXITED, death.cause());
        assertEquals(137, death.exitValue());
        assertTrue(death.description().contains("signal 9, SIGKILL"), death.description());

        final Object restarted = events.poll(30, TimeUnit.SECONDS);
        final long newPid = launcher.processes().get(0).pid();
        assertEquals("restarted 1 " + newPid, restarted);
        assertNotEquals(victim.pid(), newPid);
        assertEquals(ProcessState.READY, transport.counters().state(1));
        assertEquals(newPid, transport.counters().pid(1));
        assertEquals(2, transport.counters().starts(1));
        assertEquals(otherPid, launcher.processes().get(1).pid(), "the other worker was left alone");
        assertEquals(1, transport.counters().starts(2));
        assertNull(launcher.failure());
    }

    @Test
    void garbageInTheParentsSlotFailsThePoolAndItsWorkersLeaveSayingWhy() throws Exception
    {
        launcher = WorkerLauncher.start(transport.directory(), transport.counters(),
            LaunchConfig.builder(TestWorker.class.getName()).workers(1).arg("hello").build(), listener);
        final Process worker = launcher.processes().get(0);
        final io.flotilla.protocol.CountersFile counters = transport.counters();
        try (java.io.RandomAccessFile raw = new java.io.RandomAccessFile(counters.file().toFile(), "rw"))
        {
            raw.seek(io.flotilla.protocol.CountersLayout.slotOffset(counters.shardCount(), counters.inFlightCapacity(),
                io.flotilla.protocol.CountersLayout.PARENT_SLOT) + io.flotilla.protocol.CountersLayout.STATE_OFFSET);
            raw.write(java.nio.ByteBuffer.allocate(Long.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(970)
                .array());
        }

        final Object event = events.poll(30, TimeUnit.SECONDS);
        final WorkerStartException failure = assertInstanceOf(WorkerStartException.class, event, String.valueOf(event));
        assertTrue(failure.getMessage().contains("path=" + counters.file()) &&
            failure.getMessage().contains("field=slot 0 state") && failure.getMessage().contains("found=970") &&
            failure.getMessage().contains("build a new pool"), failure.getMessage());
        assertEquals(failure, launcher.failure());
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker took the garbage for closing and left");
        assertEquals(0, worker.exitValue());
        final String log = Files.readString(launcher.logFile(1));
        assertTrue(log.contains("taking the parent for closing, its state is unreadable") && log.contains("found=970"),
            log);
        assertEquals(1, transport.counters().starts(1), "no restart after the failure");
    }

    @Test
    void hungWorkerIsKilledAndReplaced() throws Exception
    {
        launcher = WorkerLauncher.start(transport.directory(), transport.counters(),
            LaunchConfig.builder(TestWorker.class.getName()).workers(1).arg("hang-after-ready")
                .hungTimeout(Duration.ofSeconds(1)).build(), listener);
        final long hungPid = launcher.processes().get(0).pid();

        final WorkerDeath death = (WorkerDeath)events.poll(30, TimeUnit.SECONDS);
        assertNotNull(death, "hang detected");
        assertEquals(WorkerDeath.Cause.HUNG, death.cause());
        assertEquals(hungPid, death.pid());
        assertTrue(death.description().contains("no heartbeat for") && death.description().contains("killed"),
            death.description());
        assertTrue(death.lastOutput().contains("stopped beating"), death.lastOutput());
        assertFalse(ProcessHandle.of(hungPid).map(ProcessHandle::isAlive).orElse(false), "hung process killed");

        final Object restarted = events.poll(30, TimeUnit.SECONDS);
        assertTrue(String.valueOf(restarted).startsWith("restarted 1 "), String.valueOf(restarted));
        assertEquals(2, transport.counters().starts(1));
    }

    @Test
    void workerThatDiesAtEveryRestartFailsThePoolInsteadOfLooping() throws Exception
    {
        launcher = WorkerLauncher.start(transport.directory(), transport.counters(),
            LaunchConfig.builder(TestWorker.class.getName()).workers(1).arg("die-on-restart").maxStartFailures(3)
                .build(), listener);
        launcher.processes().get(0).destroyForcibly();

        WorkerStartException failure = null;
        int deaths = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (null == failure && System.nanoTime() < deadline)
        {
            final Object event = events.poll(1, TimeUnit.SECONDS);
            if (event instanceof WorkerDeath)
            {
                deaths++;
            }
            else if (event instanceof WorkerStartException ex)
            {
                failure = ex;
            }
        }
        assertNotNull(failure, "pool failed");
        assertEquals(4, deaths, "the kill, then three failed restarts");
        assertTrue(failure.getMessage().contains("died before it was ready 3 times in a row") &&
            failure.getMessage().contains("exit code 3") &&
            failure.getMessage().contains("refusing to start again: starts=4"), failure.getMessage());
        assertEquals(failure, launcher.failure());
        Thread.sleep(300); // a window for a restart that must not come: nothing to wait on
        assertEquals(4, transport.counters().starts(1), "no restart after the failure");
        assertTrue(events.isEmpty(), "nothing after the failure: " + events);
    }

    @Test
    void workerOutputGoesToItsLogFileAndToTheParentsLogger() throws Exception
    {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Logger workerLogger = Logger.getLogger(OutputPump.LOGGER_NAME);
        final Handler handler = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                lines.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        workerLogger.addHandler(handler);
        try
        {
            launcher = WorkerLauncher.start(transport.directory(), transport.counters(),
                LaunchConfig.builder(TestWorker.class.getName()).workers(1).arg("hello").build(), listener);
            final long pid = launcher.processes().get(0).pid();
            assertEquals("INFO worker-1 pid=" + pid + ": hello from worker 1", lines.poll(30, TimeUnit.SECONDS));
            assertTrue(Files.readString(launcher.logFile(1)).contains("hello from worker 1"));
        }
        finally
        {
            workerLogger.removeHandler(handler);
        }
    }
}
