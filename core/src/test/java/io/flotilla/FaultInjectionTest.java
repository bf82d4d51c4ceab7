package io.flotilla;

import io.flotilla.testkit.Await;
import io.flotilla.testkit.Functions;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 1000 tasks in flight while a worker is killed, exits, runs out of heap, or a task never returns: every future
 * completes exactly once, nothing is lost, and the pool serves afterwards. Checked by counting.
 */
@Timeout(1800)
class FaultInjectionTest
{
    /** 1000 in CI; {@code -Dflotilla.soak.tasks=20000} for a longer soak. */
    private static final int TASKS = Integer.getInteger("flotilla.soak.tasks", 1000);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sigkill", "system-exit", "out-of-heap", "never-returns"})
    void everyTaskEndsExactlyOnce(final String fault) throws Exception
    {
        final PoolConfig.Builder builder = Pool.builder().processes(2).childConcurrency(32).maxRetries(3)
            .workerOutputLevel(System.Logger.Level.OFF);
        if (fault.equals("never-returns"))
        {
            builder.taskTimeout(Duration.ofSeconds(5)).stuckTaskGrace(Duration.ofMillis(500));
        }
        try (Pool pool = builder.build())
        {
            pool.sharedCounter("fault").set(switch (fault)
            {
                case "system-exit" -> 1;
                case "out-of-heap" -> 2;
                case "never-returns" -> 3;
                default -> 0;
            });
            pool.sharedCounter("fault-at").set(TASKS * 3 / 10);
            pool.sharedCounter("fault-done").set(0);

            final AtomicInteger completions = new AtomicInteger();
            final List<CompletableFuture<Integer>> futures = new ArrayList<>();
            final long startNs = System.nanoTime();
            for (int i = 0; i < TASKS; i++)
            {
                futures.add(pool.submit(Functions.Faulty.class, i).whenComplete((v, e) -> completions.incrementAndGet()));
            }
            // killed once it is seen holding tasks, so the kill really takes work with it
            final WorkerKill kill = fault.equals("sigkill") ? WorkerKill.whileHolding(pool, 1) : null;

            int values = 0;
            int failures = 0;
            for (int i = 0; i < TASKS; i++)
            {
                try
                {
                    assertEquals(i * i, futures.get(i).get(120, TimeUnit.SECONDS));
                    values++;
                }
                catch (final java.util.concurrent.ExecutionException ex)
                {
                    failures++;
                    assertEquals(TASKS * 3 / 10, i, "only the task that hung may fail: " + ex.getCause());
                    assertInstanceOf(TaskTimeoutException.class, ex.getCause());
                }
            }
            final long recoveredMs = (System.nanoTime() - startNs) / 1_000_000;
            assertEquals(TASKS, completions.get(), "every future completed once");
            assertEquals(fault.equals("never-returns") ? TASKS - 1 : TASKS, values, "lost none");
            assertEquals(fault.equals("never-returns") ? 1 : 0, failures);
            assertEquals(0, pool.probe().pendingTasks());
            if (null != kill)
            {
                kill.awaitReplaced(pool, 1);
            }
            else
            {
                assertEquals(1, pool.sharedCounter("fault-done").get(), "the fault really happened");
            }
            // the worker stuck on the task that never returns is killed once its grace has passed
            final PoolProbe probe = pool.probe();
            Await.until(() -> probe.startsOf(1) + probe.startsOf(2) >= 3, Duration.ofSeconds(30),
                () -> "a worker replaced: starts=" + probe.startsOf(1) + "+" + probe.startsOf(2));
            assertEquals(3, pool.probe().startsOf(1) + pool.probe().startsOf(2),
                "one worker died (or was killed) and was replaced");
            assertEquals(List.of(4, 9), pool.map(Functions.Square.class, List.of(2, 3)), "the pool still serves");
            System.out.printf("fault %s: %d tasks in flight, %d values, %d failures, 0 lost, 0 duplicated, worker " +
                "replaced, all done in %d ms%n", fault, TASKS, values, failures, recoveredMs);
        }
        catch (final CompletionException ex)
        {
            throw new AssertionError(ex);
        }
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no worker left");
    }
}
