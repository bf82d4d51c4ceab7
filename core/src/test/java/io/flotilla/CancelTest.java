package io.flotilla;

import io.flotilla.testkit.Await;
import io.flotilla.testkit.Functions.CountedAsyncSleep;
import io.flotilla.testkit.Functions.CountedSleep;
import io.flotilla.testkit.Functions.CountedStubborn;
import io.flotilla.testkit.Functions.Sleep;
import io.flotilla.testkit.Functions.Square;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancelling tasks in real worker JVMs: a running task is interrupted and its slot freed, an async task's stage is
 * cancelled, a task cancelled before it starts never runs, a task that ignores the interrupt gets its worker replaced
 * while its neighbours survive, and an imap closed early cancels its chunks. The shared counter "started" counts the
 * tasks that began, so each test sees the task it cancels had started (or had not).
 */
@Timeout(120)
class CancelTest
{
    @Test
    void runningTaskCancelledWithInterruptFreesItsSlot() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).childConcurrency(1).build())
        {
            final SharedCounter started = pool.sharedCounter("started");
            final long pid = pool.probe().workers().get(0).pid();
            final CompletableFuture<Integer> sleeper = pool.submit(CountedSleep.class, 60_000);
            Await.until(() -> 1 == started.get(), "the sleeper started");

            assertTrue(sleeper.cancel(true), "cancelled");
            assertTrue(sleeper.isCancelled());
            assertThrows(CancellationException.class, sleeper::join);
            // one slot: the next task runs only once the interrupted one gave it back
            assertEquals(49, pool.submit(Square.class, 7).get(30, TimeUnit.SECONDS));
            Await.until(() -> 0 == pool.probe().pendingTasks(), () -> "the cancelled task's entry ended: pending=" +
                pool.probe().pendingTasks());
            assertEquals(pid, pool.probe().workers().get(0).pid(), "an interrupted task costs no worker");
            assertTrue(sleeper.isCancelled(), "still cancelled whatever the worker answered");
            final io.flotilla.PoolStats stats = pool.stats();
            assertEquals(1, stats.cancelled(), "one cancel record went out: " + stats);
            assertEquals(1, stats.stoppedInWorkers(), "the worker answered it as stopped: " + stats);
        }
    }

    @Test
    void asyncTaskCancelledFreesItsSlot() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).childConcurrency(1).build())
        {
            final SharedCounter started = pool.sharedCounter("started");
            final CompletableFuture<Integer> stage = pool.submitAsync(CountedAsyncSleep.class, 60_000);
            Await.until(() -> 1 == started.get(), "the async task started");

            assertTrue(stage.cancel(true));
            assertThrows(CancellationException.class, stage::join);
            assertEquals(36, pool.submit(Square.class, 6).get(30, TimeUnit.SECONDS), "its slot is free again");
            Await.until(() -> 0 == pool.probe().pendingTasks(), "the cancelled task's entry ended");
        }
    }

    @Test
    void taskCancelledBeforeItStartsNeverRuns() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).childConcurrency(1).build())
        {
            final SharedCounter started = pool.sharedCounter("started");
            final CompletableFuture<Integer> blocker = pool.submit(CountedSleep.class, 60_000);
            Await.until(() -> 1 == started.get(), "the blocker holds the only slot");
            final CompletableFuture<Integer> queued = pool.submit(CountedSleep.class, 60_000);

            assertTrue(queued.cancel(false), "cancelled while it waits behind the blocker");
            assertTrue(blocker.cancel(true));
            assertEquals(4, pool.submit(Square.class, 2).get(30, TimeUnit.SECONDS), "the slot is free again");
            Await.until(() -> 0 == pool.probe().pendingTasks(), () -> "both cancelled tasks ended: pending=" +
                pool.probe().pendingTasks());
            assertEquals(1, started.get(), "the queued task never ran");
            assertThrows(CancellationException.class, queued::join);
            final io.flotilla.PoolStats stats = pool.stats();
            assertEquals(2, stats.cancelled(), "two cancel records went out: " + stats);
            assertEquals(2, stats.stoppedInWorkers(), "the worker answered both as stopped: " + stats);
        }
    }

    @Test
    void taskIgnoringTheInterruptGetsItsWorkerReplacedAndItsNeighboursSurvive() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).childConcurrency(2).stuckTaskGrace(Duration.ofMillis(500))
            .build())
        {
            final SharedCounter started = pool.sharedCounter("started");
            final long pid = pool.probe().workers().get(0).pid();
            final CompletableFuture<Integer> neighbour = pool.submit(Sleep.class, 1_500);
            final CompletableFuture<Integer> stubborn = pool.submit(CountedStubborn.class, 60_000);
            Await.until(() -> 1 == started.get(), "the stubborn task started");

            assertTrue(stubborn.cancel(true));
            assertThrows(CancellationException.class, stubborn::join);
            assertEquals(1_500, neighbour.get(60, TimeUnit.SECONDS), "the neighbour was sent again and answered");
            Await.until(() -> pid != pool.probe().workers().get(0).pid(), "the worker that kept the thread was killed");
            assertEquals(64, pool.submit(Square.class, 8).get(60, TimeUnit.SECONDS));
            Await.until(() -> 0 == pool.probe().pendingTasks(), () -> "the cancelled task ended without a retry: " +
                "pending=" + pool.probe().pendingTasks());
            assertEquals(1, started.get(), "the cancelled task was not sent again");
            assertNotEquals(pid, pool.probe().workers().get(0).pid());
        }
    }

    @Test
    void imapClosedEarlyCancelsItsOutstandingChunks() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).childConcurrency(2).build())
        {
            final SharedCounter started = pool.sharedCounter("started");
            final java.util.List<Integer> items = new java.util.ArrayList<>();
            items.add(0);
            items.addAll(Collections.nCopies(50, 60_000));
            final Iterator<Integer> results = pool.imap(CountedSleep.class, items, 1);
            assertEquals(0, results.next(), "the first item is quick");
            // two slow chunks run (both slots), the rest of the window waits in the queue
            Await.until(() -> 3 == started.get(), () -> "two slow chunks started: started=" + started.get());
            final int outstanding = pool.probe().pendingTasks();
            assertTrue(outstanding >= 2, "chunks out: " + outstanding);

            ((AutoCloseable)results).close();
            org.junit.jupiter.api.Assertions.assertFalse(results.hasNext(), "a closed iterator ends");
            Await.until(() -> 0 == pool.probe().pendingTasks(), () -> "every chunk out was cancelled and answered: " +
                "pending=" + pool.probe().pendingTasks());
            assertEquals(3, started.get(), "no waiting chunk ran");
            assertEquals(9, pool.submit(Square.class, 3).get(30, TimeUnit.SECONDS), "both slots free again");
        }
    }

    @Test
    void imapStreamClosedEarlyCancelsItsOutstandingChunks() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).childConcurrency(1).build())
        {
            final SharedCounter started = pool.sharedCounter("started");
            final java.util.List<Integer> items = new java.util.ArrayList<>();
            items.add(0);
            items.addAll(Collections.nCopies(20, 60_000));
            try (Stream<Integer> stream = pool.imapStream(CountedSleep.class, items, 1, true))
            {
                assertEquals(0, stream.findFirst().orElseThrow());
                Await.until(() -> 2 == started.get(), () -> "a slow chunk started: started=" + started.get());
            }
            Await.until(() -> 0 == pool.probe().pendingTasks(), () -> "every chunk out was cancelled: pending=" +
                pool.probe().pendingTasks());
            assertEquals(2, started.get(), "no waiting chunk ran");
        }
    }
}
