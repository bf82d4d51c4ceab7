package io.flotilla;

import io.flotilla.testkit.Functions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Workers killed every 200 ms under load use up the restart budget: the pool fails, every task ends at once, and
 * the failure says what to do (build a new pool) and why; a new pool then serves.
 */
@Timeout(240)
class RestartBudgetTest
{
    @AfterEach
    void nothingLeft()
    {
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no worker left");
    }

    @Test
    void workersKilledTooOftenFailThePoolWithWhatToDo() throws Exception
    {
        final List<CompletableFuture<Integer>> futures = new ArrayList<>();
        // distinct processes killed: a process dying from the last kill may still look alive and be killed again
        final java.util.Set<Long> killed = new java.util.HashSet<>();
        try (Pool pool = Pool.builder().processes(2).childConcurrency(8).workerOutputLevel(System.Logger.Level.OFF)
            .build())
        {
            final PoolProbe local = pool.probe();
            String refused = null;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (null == refused && System.nanoTime() < deadline)
            {
                try
                {
                    for (int i = 0; i < 20; i++)
                    {
                        futures.add(pool.submit(Functions.Sleep.class, 20));
                    }
                }
                catch (final IllegalStateException ex)
                {
                    refused = ex.getMessage();
                    break;
                }
                for (final ProcessHandle worker : local.workers())
                {
                    if (worker.isAlive() && !killed.contains(worker.pid()))
                    {
                        worker.destroyForcibly();
                        killed.add(worker.pid());
                        break;
                    }
                }
                Thread.sleep(200); // the pace of the kills, not a wait for something
            }
            final int kills = killed.size();
            assertNotNull(refused, "the restart budget ran out: kills=" + kills);
            assertTrue(refused.contains("close it and build a new pool") && (refused.contains("too many worker restarts") ||
                refused.contains("died before it was ready")), refused);
            // every killed process was a start of its slot, and the kills were answered with new starts
            final long starts = local.startsOf(1) + local.startsOf(2);
            assertTrue(starts >= kills && starts > 2, "the kills were restarted: starts=" + local.startsOf(1) + "+" +
                local.startsOf(2) + ", kills=" + kills);

            // the killing stopped: every task has ended, with its value or the same clear failure, without waiting
            int failures = 0;
            for (final CompletableFuture<Integer> future : futures)
            {
                try
                {
                    assertEquals(20, future.get(30, TimeUnit.SECONDS));
                }
                catch (final TimeoutException ex)
                {
                    fail("a task of the failed pool did not end");
                }
                catch (final ExecutionException ex)
                {
                    failures++;
                    final String message = String.valueOf(ex.getCause().getMessage());
                    assertTrue(message.contains("build a new pool") || message.contains("worker died on every attempt"),
                        message);
                }
            }
            assertTrue(failures > 0, "some tasks were caught by the failure");
            final IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> pool.submit(Functions.Square.class, 2));
            assertTrue(again.getMessage().contains("build a new pool"), again.getMessage());
        }
        try (Pool fresh = Pool.builder().processes(1).build())
        {
            assertEquals(9, fresh.submit(Functions.Square.class, 3).join(), "a new pool serves");
        }
    }
}
