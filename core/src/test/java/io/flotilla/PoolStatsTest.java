package io.flotilla;

import io.flotilla.testkit.Await;
import io.flotilla.testkit.Functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Pool#stats()} reads the books of real workers: answers, tasks held now, a restart after a kill; a JFR
 * recording of the parent holds the workers' lifecycle events.
 */
@Timeout(120)
class PoolStatsTest
{
    @Test
    void statsCountAnswersHeldTasksAndRestarts() throws Exception
    {
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording();
            Pool pool = startRecorded(recording))
        {
            final List<Integer> squares = pool.map(Functions.Square.class, IntStream.range(0, 100).boxed().toList());
            assertEquals(100, squares.size());
            final PoolStats afterMap = pool.stats();
            assertEquals(2, afterMap.workers().size());
            assertEquals(100, afterMap.answered(), "every item answered: " + afterMap);
            for (final PoolStats.Worker worker : afterMap.workers())
            {
                assertEquals("READY", worker.state(), "worker ready: " + worker);
                assertEquals(pool.probe().workers().get(worker.slot() - 1).pid(), worker.pid());
                assertEquals(1, worker.starts());
                assertEquals(0, worker.inFlight());
            }

            final CompletableFuture<Integer> sleeping = pool.submit(Functions.Sleep.class, 5_000);
            Await.until(() -> 1 == pool.stats().workers().stream().mapToInt(PoolStats.Worker::inFlight).sum(),
                Duration.ofSeconds(30), () -> "one task held: " + pool.stats());
            assertEquals(1, pool.stats().pendingTasks());
            final PoolStats.Worker holder = pool.stats().workers().stream().filter(w -> w.inFlight() == 1)
                .findFirst().orElseThrow();

            ProcessHandle.of(holder.pid()).orElseThrow().destroyForcibly();
            Await.until(() -> pool.stats().workers().get(holder.slot() - 1).restarts() == 1 &&
                "READY".equals(pool.stats().workers().get(holder.slot() - 1).state()), Duration.ofSeconds(60),
                () -> "killed worker restarted: " + pool.stats());
            assertTrue(pool.stats().workers().get(holder.slot() - 1).pid() != holder.pid(), "a new process");
            assertEquals(5_000, sleeping.join(), "the killed worker's task ran again and answered");

            recording.stop();
            final java.nio.file.Path file = java.nio.file.Files.createTempFile("flotilla-lifecycle", ".jfr");
            try
            {
                recording.dump(file);
                final List<jdk.jfr.consumer.RecordedEvent> events = jdk.jfr.consumer.RecordingFile.readAllEvents(file);
                assertEquals(3, count(events, "io.flotilla.WorkerStarted"), "two starts and one restart: " + events);
                assertEquals(3, count(events, "io.flotilla.WorkerReady"), "each became ready");
                final jdk.jfr.consumer.RecordedEvent died = events.stream()
                    .filter(e -> "io.flotilla.WorkerDied".equals(e.getEventType().getName())).findFirst().orElseThrow();
                assertEquals(holder.pid(), died.getLong("pid"), "the killed worker's death: " + died);
                assertEquals(holder.slot(), died.getInt("slot"));
                assertEquals("EXITED", died.getString("cause"), "killed from outside: " + died);
                assertEquals(137, died.getInt("exitCode"), "SIGKILL: " + died);
            }
            finally
            {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
    }

    private static Pool startRecorded(final jdk.jfr.Recording recording)
    {
        recording.enable("io.flotilla.WorkerStarted");
        recording.enable("io.flotilla.WorkerReady");
        recording.enable("io.flotilla.WorkerDied");
        recording.start();
        return Pool.builder().processes(2).childConcurrency(4).workerOutputLevel(System.Logger.Level.OFF).build();
    }

    private static long count(final List<jdk.jfr.consumer.RecordedEvent> events, final String name)
    {
        return events.stream().filter(e -> name.equals(e.getEventType().getName())).count();
    }
}
