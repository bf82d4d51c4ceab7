package io.flotilla.launcher;

import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.CountersLayout;
import io.flotilla.protocol.ProcessState;
import org.agrona.concurrent.AgentTerminationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisor's decisions, driven by the test's thread with fake processes, a real {@code counters.dat} and clocks
 * the test moves: deaths, hangs, retirements and slow restarts are reported, then restarted or fail the pool.
 */
class SupervisorAgentTest
{
    private static final long START_EPOCH_MS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final List<Object> events = new ArrayList<>();
    private final List<FakeProcess> started = new ArrayList<>();
    private final List<WorkerProcess> processes = new ArrayList<>();
    private final WorkerLauncher.Listener listener = new RecordingListener(events::add);

    private long nowNs = TimeUnit.HOURS.toNanos(5);
    private long nowEpochMs = START_EPOCH_MS;
    private int refills;
    private CountersFile counters;
    private WorkerSlot[] slots;

    @BeforeEach
    void createCounters()
    {
        counters = CountersFile.create(dir.resolve("counters.dat"), 1, 2, 16);
        slots = new WorkerSlot[] {
            new WorkerSlot(1, 0, dir.resolve("worker-1.log")), new WorkerSlot(2, 0, dir.resolve("worker-2.log"))};
    }

    @AfterEach
    void closeCounters()
    {
        processes.forEach(WorkerProcess::awaitOutput); // the pumps write the logs in the temporary directory
        counters.close();
    }

    @Test
    void aReadyWorkerThatExitsIsReportedBeforeItsSlotIsResetThenRestarted()
    {
        startReady();
        counters.inFlightTable(1).add(42);
        final WorkerDeath[] seen = new WorkerDeath[1];
        final boolean[] inFlightWhenReported = new boolean[1];
        final SupervisorAgent reading = agent(config().build(), policy(3, 20, 0), new WorkerLauncher.Listener()
        {
            @Override
            public void onWorkerDeath(final WorkerDeath death)
            {
                seen[0] = death;
                inFlightWhenReported[0] = counters.inFlightTable(death.slot()).contains(42);
            }
        });
        assertEquals(0, reading.doWork(), "nothing happened yet");

        started.get(0).exit(1);

        assertEquals(1, reading.doWork());
        assertEquals(WorkerDeath.Cause.EXITED, seen[0].cause());
        assertEquals(1, seen[0].exitValue());
        assertEquals(started.get(0).pid(), seen[0].pid());
        assertTrue(inFlightWhenReported[0], "the slot still held what the worker had claimed");
        assertFalse(counters.inFlightTable(1).contains(42), "then the slot was reset");
        assertEquals(3, started.size(), "slot 1 restarted");
        assertSame(started.get(2), slots[0].process().process());
        assertFalse(slots[0].history().isReady());
    }

    @Test
    void aRestartedWorkerIsReportedOnceReadyAndRefillsTheSpares()
    {
        final SupervisorAgent agent = agent(config().build(), policy(3, 20, 0));
        startReady();
        started.get(1).exit(137);
        agent.doWork();
        events.clear();
        final long pid = slots[1].process().pid();

        becomeReady(slots[1]);

        assertEquals(1, agent.doWork());
        assertEquals(List.of("restarted 2 " + pid), events);
        assertTrue(slots[1].history().isReady());
        assertEquals(1, refills);
    }

    @Test
    void aWorkerWhoseHeartbeatIsStaleIsKilledAsHungAndRestarted()
    {
        final SupervisorAgent agent = agent(config().hungTimeout(Duration.ofSeconds(1)).build(), policy(1, 20, 0));
        startReady();
        nowEpochMs += 1_000;
        assertEquals(0, agent.doWork(), "a heartbeat exactly hungTimeout old is not hung");
        final FakeProcess hung = started.get(0);

        nowEpochMs += 1;
        counters.heartbeat(2, nowEpochMs);
        assertEquals(1, agent.doWork());

        assertFalse(hung.isAlive(), "killed");
        final WorkerDeath death = assertInstanceOf(WorkerDeath.class, events.get(0));
        assertEquals(WorkerDeath.Cause.HUNG, death.cause());
        assertTrue(death.description().startsWith("hung: no heartbeat for 1001 ms (hungTimeout=PT1S), killed, then " +
            "exit code 137 (signal 9, SIGKILL)"), death.description());
        assertEquals(3, started.size(), "restarted; a hang is no failed start, so maxStartFailures=1 did not fail");
        assertNull(agent.failure());
    }

    @Test
    void aRestartNotReadyInTimeIsKilledAndFailedStartsInARowFailThePool()
    {
        final SupervisorAgent agent = agent(config().readyTimeout(Duration.ofSeconds(5)).build(), policy(2, 20, 0));
        startReady();
        started.get(0).exit(1);
        agent.doWork();
        events.clear();

        nowNs += TimeUnit.SECONDS.toNanos(5) + 1;
        agent.doWork();
        final WorkerDeath first = assertInstanceOf(WorkerDeath.class, events.get(0));
        assertEquals(WorkerDeath.Cause.NOT_READY, first.cause());
        assertEquals("not ready within readyTimeout=PT5S, killed", first.description());
        assertEquals(1, slots[0].history().consecutiveFailedStarts());
        assertEquals(4, started.size());

        started.get(3).exit(3);
        agent.doWork();

        final WorkerStartException failure = assertInstanceOf(WorkerStartException.class, events.get(2));
        assertSame(failure, agent.failure());
        assertTrue(failure.getMessage().startsWith("worker died before it was ready 2 times in a row: slot=1, " +
            "maxStartFailures=2; " + WorkerStartException.WHAT_TO_DO + ", last death: exit code 3"),
            failure.getMessage());
        assertEquals(4, started.size(), "no restart after the failure");
        started.get(1).exit(1);
        assertEquals(0, agent.doWork(), "nothing is supervised after the failure");
        assertEquals(3, events.size());
    }

    @Test
    void retiredWorkersAreReplacedWithoutUsingTheRestartBudget()
    {
        final SupervisorAgent agent = agent(config().build(), policy(1, 0, 0));
        startReady();
        for (int i = 0; i < 5; i++)
        {
            final FakeProcess retiring = (FakeProcess)slots[0].process().process();
            counters.state(1, ProcessState.EXITED);
            retiring.exit(0);
            agent.doWork();
            becomeReady(slots[0]);
            agent.doWork();
        }

        assertNull(agent.failure());
        assertEquals(WorkerDeath.Cause.RETIRED, assertInstanceOf(WorkerDeath.class, events.get(0)).cause());
        assertEquals(7, started.size());
        assertEquals(5, refills, "each ready replacement asked for spares, the retirement itself did not");
    }

    @Test
    void aWorkerKilledByThePoolIsReportedWithTheReason()
    {
        final SupervisorAgent agent = agent(config().build(), policy(3, 20, 0));
        startReady();

        slots[1].kill("taskId=7 overran its deadline");
        agent.doWork();

        final WorkerDeath death = assertInstanceOf(WorkerDeath.class, events.get(0));
        assertEquals(WorkerDeath.Cause.KILLED, death.cause());
        assertEquals("killed by the pool (taskId=7 overran its deadline), exit code 137 (signal 9, SIGKILL)",
            death.description());
        assertNull(slots[1].killReason(), "the new worker was not killed");
    }

    @Test
    void restartsAcrossSlotsBeyondTheRateFailThePool()
    {
        final SupervisorAgent agent = agent(config().build(), policy(3, 1, 0));
        startReady();

        started.get(0).exit(1);
        started.get(1).exit(1);
        agent.doWork();

        final WorkerStartException failure = assertInstanceOf(WorkerStartException.class, events.get(2));
        assertTrue(failure.getMessage().startsWith("too many worker restarts: restarts=1 within PT1M, " +
            "maxRestartsPerWindow=1; "), failure.getMessage());
        assertEquals(3, started.size(), "slot 1 restarted, slot 2 not");
    }

    @Test
    void aSlotLeftFailedFailsThePoolAtOnce()
    {
        final SupervisorAgent agent = agent(config().build(), policy(3, 20, 0));
        startReady();

        counters.state(2, ProcessState.FAILED);
        started.get(1).exit(70);
        agent.doWork();

        final WorkerStartException failure = assertInstanceOf(WorkerStartException.class, events.get(1));
        assertTrue(failure.getMessage().startsWith("worker left because it found the pool's shared memory corrupt " +
            "(see its output), restarting it cannot mend the file: slot=2, counters=" + counters.file()),
            failure.getMessage());
        assertEquals(2, started.size());
    }

    @Test
    void deathsWhileTheParentClosesAreNeitherReportedNorRestarted()
    {
        final SupervisorAgent agent = agent(config().build(), policy(3, 20, 0));
        startReady();
        counters.state(CountersLayout.PARENT_SLOT, ProcessState.CLOSING);

        started.get(0).exit(0);
        assertEquals(0, agent.doWork());

        assertTrue(events.isEmpty(), events.toString());
        assertEquals(2, started.size());
    }

    @Test
    void aFailedStartWaitsForTheBackoffBeforeItsRestart()
    {
        final long backoffNs = TimeUnit.SECONDS.toNanos(2);
        final SupervisorAgent agent = agent(config().build(), policy(3, 20, backoffNs));
        startReady();
        started.get(0).exit(1);
        agent.doWork();
        final long restartedNs = nowNs;

        nowNs += TimeUnit.MILLISECONDS.toNanos(500);
        started.get(2).exit(1);
        agent.doWork();
        assertEquals(3, started.size(), "not restarted yet");
        assertTrue(slots[0].awaitsRestart());
        assertEquals(0, agent.doWork(), "reported once only");
        assertEquals(2, events.stream().filter(WorkerDeath.class::isInstance).count());

        nowNs = restartedNs + backoffNs;
        assertEquals(1, agent.doWork());
        assertEquals(4, started.size(), "restarted once the back-off passed");
        assertFalse(slots[0].awaitsRestart());
    }

    @Test
    void stopEndsTheDutyCycle()
    {
        final SupervisorAgent agent = agent(config().build(), policy(3, 20, 0));
        startReady();

        agent.stop();

        final AgentTerminationException ex = assertThrows(AgentTerminationException.class, agent::doWork);
        assertTrue(ex.isExpected());
        assertEquals("flotilla-supervisor", agent.roleName());
    }

    private static LaunchConfig.Builder config()
    {
        return LaunchConfig.builder("Main").workers(2);
    }

    private static RestartPolicy policy(final int maxStartFailures, final int maxRestarts, final long backoffNs)
    {
        return new RestartPolicy(maxStartFailures, maxRestarts, TimeUnit.MINUTES.toNanos(1), backoffNs);
    }

    private SupervisorAgent agent(final LaunchConfig config, final RestartPolicy policy)
    {
        return agent(config, policy, listener);
    }

    private SupervisorAgent agent(
        final LaunchConfig config, final RestartPolicy policy, final WorkerLauncher.Listener listener)
    {
        return new SupervisorAgent(counters, config, slots, policy, this::startFake, listener, () -> refills++,
            () -> nowNs, () -> nowEpochMs);
    }

    /** Starts both slots and makes them ready, as the pool's start would. */
    private void startReady()
    {
        for (final WorkerSlot slot : slots)
        {
            startFake(slot);
            becomeReady(slot);
            slot.history().ready();
        }
    }

    private void startFake(final WorkerSlot slot)
    {
        final FakeProcess process = new FakeProcess(1000 + started.size());
        started.add(process);
        counters.shardOf(slot.slot(), slot.shard());
        counters.state(slot.slot(), ProcessState.STARTING);
        counters.addStart(slot.slot());
        final WorkerProcess worker = new WorkerProcess(
            process, OutputPump.start(process, slot.log(), slot.slot(), System.Logger.Level.OFF));
        processes.add(worker);
        slot.started(worker, nowNs, nowEpochMs);
    }

    /** What a worker writes in its slot when it is ready. */
    private void becomeReady(final WorkerSlot slot)
    {
        counters.pid(slot.slot(), slot.process().pid());
        counters.heartbeat(slot.slot(), nowEpochMs);
        counters.state(slot.slot(), ProcessState.READY);
    }
}
