package io.flotilla.launcher;

import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.ProcessState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wait for a pool's first workers, with fake processes: what each start does is up to the test, and so is the
 * clock.
 */
@Timeout(30)
class ReadyWaitTest
{
    @TempDir
    Path dir;

    private final List<WorkerProcess> processes = new ArrayList<>();
    private long nowNs = TimeUnit.HOURS.toNanos(1);
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
        processes.forEach(WorkerProcess::awaitOutput);
        counters.close();
    }

    @Test
    void aWorkerThatDiesBeforeItIsReadyIsStartedAgain()
    {
        final ReadyWait wait = readyWait(3, start -> behave(start, 1 == start ? "die" : "ready"), 1);

        wait.awaitAll(slots);

        assertEquals(3, processes.size(), "two workers and one restart");
        assertEquals(2, slots[0].history().starts());
        assertEquals(0, slots[0].history().consecutiveFailedStarts(), "the restart got ready");
        assertTrue(slots[0].history().isReady() && slots[1].history().isReady());
        assertEquals(ProcessState.READY, counters.state(1));
    }

    @Test
    void aSlotThatUsesUpItsStartFailuresFailsTheStart()
    {
        final ReadyWait wait = readyWait(3, start -> behave(start, 1 == start % 2 || start > 2 ? "die" : "ready"), 1);

        final WorkerStartException ex = assertThrows(WorkerStartException.class, () -> wait.awaitAll(slots));

        assertTrue(ex.getMessage().startsWith("worker exited before it was ready 3 times in a row " +
            "(maxStartFailures=3): slot=1, pid="), ex.getMessage());
        assertTrue(ex.getMessage().contains("mainClass=Main, log=" + slots[0].log()), ex.getMessage());
        assertEquals(3, slots[0].history().starts());
    }

    @Test
    void aWorkerThatFoundTheCountersCorruptFailsTheStartAtOnce()
    {
        final ReadyWait wait = readyWait(3, start -> behave(start, 1 == start ? "corrupt" : "ready"), 1);

        final WorkerStartException ex = assertThrows(WorkerStartException.class, () -> wait.awaitAll(slots));

        assertTrue(ex.getMessage().startsWith(
            "worker exited before it was ready, it found the pool's shared memory corrupt: slot=1"), ex.getMessage());
    }

    @Test
    void aWorkerNotReadyInTimeFailsTheStart()
    {
        final ReadyWait wait = readyWait(3, start -> behave(start, 2 == start ? "slow" : "ready"), 1);
        final long timeoutNs = LaunchConfig.DEFAULT_READY_TIMEOUT.toNanos();
        final long startedNs = nowNs;
        nowNs += timeoutNs; // the clock moves on at every read: see readyWait

        final WorkerStartException ex = assertThrows(WorkerStartException.class, () -> wait.awaitAll(slots));

        assertTrue(ex.getMessage().startsWith("worker not ready in time: slot=2, pid=") &&
            ex.getMessage().contains("readyTimeout=" + Duration.ofNanos(timeoutNs) + ", state=STARTING"),
            ex.getMessage());
        assertTrue(nowNs - startedNs > timeoutNs);
    }

    private ReadyWait readyWait(final int maxStartFailures, final IntConsumer behaviour, final long tickNs)
    {
        final WorkerStarter starter = slot ->
        {
            final FakeProcess process = new FakeProcess(2000 + processes.size());
            final WorkerProcess worker = new WorkerProcess(
                process, OutputPump.start(process, slot.log(), slot.slot(), System.Logger.Level.OFF));
            processes.add(worker);
            counters.state(slot.slot(), ProcessState.STARTING);
            slot.started(worker, nowNs, 0);
            behaviour.accept(processes.size());
        };
        for (final WorkerSlot slot : slots)
        {
            starter.start(slot);
        }
        return new ReadyWait(counters, LaunchConfig.builder("Main").workers(2).maxStartFailures(maxStartFailures)
            .build(), new RestartPolicy(maxStartFailures, 0, TimeUnit.MINUTES.toNanos(1), 0), starter,
            () -> nowNs += tickNs);
    }

    /** What the start-th process (1-based, in start order) does. */
    private void behave(final int start, final String what)
    {
        final WorkerProcess worker = processes.get(start - 1);
        final int slot = slotOf(worker);
        switch (what)
        {
            case "ready" -> counters.state(slot, ProcessState.READY);
            case "die" -> ((FakeProcess)worker.process()).exit(1);
            case "corrupt" ->
            {
                counters.state(slot, ProcessState.FAILED);
                ((FakeProcess)worker.process()).exit(70);
            }
            case "slow" ->
            {
            }
            default -> throw new IllegalArgumentException("what=" + what);
        }
    }

    private int slotOf(final WorkerProcess worker)
    {
        for (final WorkerSlot slot : slots)
        {
            if (slot.process() == worker)
            {
                return slot.slot();
            }
        }
        throw new IllegalStateException("not in a slot: " + worker);
    }
}
