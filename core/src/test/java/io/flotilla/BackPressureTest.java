package io.flotilla;

import io.flotilla.testkit.Functions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import io.flotilla.testkit.Await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bounded number of tasks in flight: submit waits for room (interruptibly, at most submitTimeout), trySubmit not. */
@Timeout(120)
class BackPressureTest
{
    @Test
    void aFullPoolMakesSubmitWaitThenRefuseAndTrySubmitReturnAtOnce() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).maxInFlight(4).submitTimeout(Duration.ofMillis(300))
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            assertEquals(4, pool.config().maxInFlight());
            final List<CompletableFuture<Integer>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                slow.add(pool.submit(Functions.Sleep.class, 2_000));
            }
            assertFalse(pool.trySubmit(Functions.Square.class, 3).isPresent(), "no room: empty at once");
            final long start = System.nanoTime();
            final RejectedExecutionException full = assertThrows(RejectedExecutionException.class,
                () -> pool.submit(Functions.Square.class, 3));
            final long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(full.getMessage().contains("maxInFlight=4") && full.getMessage().contains("submitTimeout=PT0.3S"),
                full.getMessage());
            assertTrue(waitedMs >= 250, "it waited for room first: waitedMs=" + waitedMs);
            for (final CompletableFuture<Integer> future : slow)
            {
                assertEquals(2_000, future.get(30, TimeUnit.SECONDS));
            }
            assertEquals(9, pool.trySubmit(Functions.Square.class, 3).orElseThrow().get(30, TimeUnit.SECONDS));
            assertEquals(0, pool.probe().inFlight(), "every envelope gave its room back");
        }
    }

    @Test
    void aSubmitterWaitingForRoomIsInterruptible() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).maxInFlight(1).submitTimeout(Duration.ofSeconds(60))
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final CompletableFuture<Integer> slow = pool.submit(Functions.Sleep.class, 3_000);
            final AtomicReference<Throwable> refused = new AtomicReference<>();
            final AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            final Thread submitter = Thread.ofPlatform().start(() ->
            {
                try
                {
                    pool.submit(Functions.Square.class, 2);
                }
                catch (final Throwable ex)
                {
                    refused.set(ex);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            // interrupt once it really waits (the pool is full, so it cannot have gone past the wait)
            Await.until(() -> Thread.State.RUNNABLE == submitter.getState() ||
                Thread.State.TIMED_WAITING == submitter.getState(), Duration.ofSeconds(10),
                () -> "submitter running: state=" + submitter.getState());
            submitter.interrupt();
            submitter.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(submitter.isAlive(), "the interrupted submitter returned");
            assertInstanceOf(RejectedExecutionException.class, refused.get());
            assertTrue(refused.get().getMessage().contains("interrupted"), refused.get().getMessage());
            assertTrue(stillInterrupted.get(), "the interrupt flag stays set");
            assertEquals(3_000, slow.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void manySubmittersNeverExceedTheLimitAndEveryTaskEnds() throws Exception
    {
        final int limit = 64;
        try (Pool pool = Pool.builder().processes(2).maxInFlight(limit).workerOutputLevel(System.Logger.Level.OFF)
            .build())
        {
            final AtomicInteger maxSeen = new AtomicInteger();
            final AtomicInteger wrong = new AtomicInteger();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++)
            {
                final int base = t * 1_000;
                threads.add(Thread.ofPlatform().start(() ->
                {
                    final List<CompletableFuture<Integer>> futures = new ArrayList<>();
                    for (int i = base; i < base + 1_000; i++)
                    {
                        futures.add(pool.submit(Functions.Square.class, i));
                        maxSeen.accumulateAndGet(pool.probe().inFlight(), Math::max);
                    }
                    for (int i = 0; i < futures.size(); i++)
                    {
                        if ((base + i) * (base + i) != futures.get(i).join())
                        {
                            wrong.incrementAndGet();
                        }
                    }
                }));
            }
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertFalse(thread.isAlive());
            }
            assertEquals(0, wrong.get());
            assertTrue(maxSeen.get() <= limit && maxSeen.get() > 0, "in flight stayed within the limit: " + maxSeen);
            assertEquals(0, pool.probe().inFlight());
        }
    }
}
