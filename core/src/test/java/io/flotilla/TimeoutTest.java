package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.testkit.Functions.AsyncSleep;
import io.flotilla.testkit.Functions.Sleep;
import io.flotilla.testkit.Functions.Square;
import io.flotilla.testkit.Functions.Stubborn;
import io.flotilla.testkit.CheckLeaksPerClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks past their deadline: the caller's future fails with a timeout, the worker interrupts the task, and a worker
 * that keeps the thread anyway is killed and replaced while its other tasks are sent again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
@CheckLeaksPerClass("the tests share one pool, and stubbornTaskGetsItsWorkerReplacedAndItsNeighboursSentAgain replaces its worker")
class TimeoutTest
{
    private Pool pool;

    @BeforeAll
    void startPool()
    {
        pool = Pool.builder().processes(1).childConcurrency(4).stuckTaskGrace(Duration.ofMillis(500)).build();
    }

    @AfterAll
    void closePool()
    {
        pool.close();
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no worker left");
    }

    @Test
    void interruptibleTaskTimesOutAndTheWorkerKeepsServing() throws Exception
    {
        final long pid = pool.probe().workers().get(0).pid();
        final long startNs = System.nanoTime();
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> pool.submit(Sleep.class, 30_000, Duration.ofMillis(200)).get(30, TimeUnit.SECONDS));
        final long waitedMs = (System.nanoTime() - startNs) / 1_000_000;
        final TaskTimeoutException timeout = assertInstanceOf(TaskTimeoutException.class, ex.getCause());
        assertTrue(timeout.getMessage().contains("timeout=PT0.2S") &&
            timeout.getMessage().contains("function=" + Sleep.class.getName()), timeout.getMessage());
        assertTrue(waitedMs >= 190 && waitedMs < 5_000, "failed at its deadline: waitedMs=" + waitedMs);

        // a window longer than stuckTaskGrace for a kill that must not come: an interrupted task freed its thread
        Thread.sleep(1_000);
        assertEquals(pid, pool.probe().workers().get(0).pid(), "worker not replaced");
        assertEquals(25, pool.submit(Square.class, 5).join());
    }

    @Test
    void stubbornTaskGetsItsWorkerReplacedAndItsNeighboursSentAgain() throws Exception
    {
        final long pid = pool.probe().workers().get(0).pid();
        final CompletableFuture<Integer> neighbour = pool.submit(Sleep.class, 1_500);
        final CompletableFuture<Integer> stubborn = pool.submit(Stubborn.class, 20_000, Duration.ofMillis(300));

        final ExecutionException ex = assertThrows(ExecutionException.class, () -> stubborn.get(30, TimeUnit.SECONDS));
        assertInstanceOf(TaskTimeoutException.class, ex.getCause());
        assertEquals(1_500, neighbour.get(60, TimeUnit.SECONDS), "the neighbour was re-dispatched and answered");
        assertNotEquals(pid, pool.probe().workers().get(0).pid(), "the stuck worker was killed and replaced");
        assertEquals(36, pool.submit(Square.class, 6).get(60, TimeUnit.SECONDS));
        assertEquals(0, pool.probe().pendingTasks());
    }

    @Test
    void asyncTaskPastItsDeadlineFreesItsSlot() throws Exception
    {
        final List<CompletableFuture<Integer>> late = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            late.add(pool.submitAsync(AsyncSleep.class, 30_000, Duration.ofMillis(200)));
        }
        for (final CompletableFuture<Integer> future : late)
        {
            final ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
            assertInstanceOf(TaskTimeoutException.class, ex.getCause());
        }
        // all 4 slots were held by the abandoned stages; they are free again
        final List<CompletableFuture<Integer>> next = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            next.add(pool.submitAsync(AsyncSleep.class, 10));
        }
        for (final CompletableFuture<Integer> future : next)
        {
            assertEquals(10, future.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void badTimeoutIsNamed()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> pool.submit(Square.class, 1, Duration.ZERO));
        assertTrue(ex.getMessage().contains("timeout=PT0S"), ex.getMessage());
    }
}
