package io.flotilla;

import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.testkit.Await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a pool's worker once it is seen holding tasks (its in-flight table in {@code counters.dat} is not empty), so
 * that a fault test faults a worker that has work, not one that is still starting or already idle; then checks that
 * the process is gone.
 *
 * @param victim       the worker process that was killed.
 * @param heldAtKill   the tasks its in-flight table held just before the kill, at least 1.
 * @param startsBefore how often its slot had started a worker before the kill.
 */
record WorkerKill(ProcessHandle victim, int heldAtKill, long startsBefore)
{
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(30);

    /** Waits until the worker in that slot (1-based) holds tasks, kills it, and waits for it to be gone. */
    static WorkerKill whileHolding(final Pool pool, final int slot) throws Exception
    {
        final PoolProbe probe = pool.probe();
        final Path counters = pool.config().base().resolve(pool.config().poolId()).resolve(PoolDirectory.COUNTERS_FILE);
        try (CountersFile books = CountersFile.open(counters))
        {
            final long startNs = System.nanoTime();
            final ProcessHandle victim = Await.value(() -> probe.workers().get(slot - 1),
                worker -> worker.isAlive() && books.pid(slot) == worker.pid() && held(books, slot) > 0,
                HOLD_TIMEOUT, () -> "worker holds tasks: slot=" + slot + ", inFlight=" + held(books, slot));
            final long startsBefore = probe.startsOf(slot);
            final int heldAtKill = held(books, slot);
            victim.destroyForcibly();
            victim.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(victim.isAlive(), "worker killed: pid=" + victim.pid());
            assertTrue(heldAtKill > 0, "worker held tasks when killed: heldAtKill=" + heldAtKill);
            System.out.printf("killed worker pid=%d slot=%d holding %d tasks, seen holding after %d ms%n",
                victim.pid(), slot, heldAtKill, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
            return new WorkerKill(victim, heldAtKill, startsBefore);
        }
    }

    /** Waits until the killed worker's slot has started a new worker process, and checks it is alive. */
    void awaitReplaced(final Pool pool, final int slot)
    {
        final PoolProbe probe = pool.probe();
        Await.until(() -> probe.startsOf(slot) > startsBefore && probe.workers().get(slot - 1).pid() != victim.pid(),
            Duration.ofSeconds(30), () -> "worker replaced: slot=" + slot + ", startsBefore=" + startsBefore +
            ", starts=" + probe.startsOf(slot) + ", victim=" + victim.pid());
        assertEquals(startsBefore + 1, probe.startsOf(slot), "one restart for one kill: slot=" + slot);
        Await.until(() -> probe.workers().get(slot - 1).isAlive(), Duration.ofSeconds(30),
            () -> "replacement alive: slot=" + slot);
    }

    private static int held(final CountersFile books, final int slot)
    {
        return books.inFlightTable(slot).forEach(taskId ->
        {
        });
    }
}
