package io.flotilla;

import io.flotilla.testkit.Functions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast task path with real worker JVMs: short synchronous tasks run on the worker's I/O thread, slow ones on
 * virtual threads; a caller waiting in join runs the pool's duty cycle itself; sampled tasks carry hop stamps.
 */
@Timeout(120)
class TaskPathTest
{
    @Test
    void shortTasksRunOnTheWorkersIoThreadAndSlowOnesOnVirtualThreads()
    {
        try (Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final long virtualShort = IntStream.range(0, 500)
                .filter(i -> pool.submit(Functions.RanOnVirtual.class, 0).join()).count();
            assertTrue(virtualShort < 100, "after warm-up, short tasks ran inline: onVirtualThreads=" + virtualShort);
            // a task that sleeps 20 ms is a stall: after the first, it runs on virtual threads
            final long virtualSlow = IntStream.range(0, 30)
                .filter(i -> pool.submit(Functions.RanOnVirtual.class, 20).join()).count();
            assertTrue(virtualSlow >= 27, "slow tasks ran on virtual threads: onVirtualThreads=" + virtualSlow);
        }
    }

    @Test
    void inlineRunsCanBeTurnedOff()
    {
        try (Pool pool = Pool.builder().processes(1).workerJvmOption("-Dflotilla.worker.inlineMaxNanos=0")
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final long virtual = IntStream.range(0, 200)
                .filter(i -> pool.submit(Functions.RanOnVirtual.class, 0).join()).count();
            assertEquals(200, virtual, "every task on a virtual thread");
        }
    }

    @Test
    void aCallerWaitingInJoinRunsTheDutyCycleItself()
    {
        try (Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final Thread caller = Thread.currentThread();
            int completedOnCaller = 0;
            for (int i = 0; i < 200; i++)
            {
                final AtomicReference<Thread> completer = new AtomicReference<>();
                final CompletableFuture<Integer> future = pool.submit(Functions.Square.class, i);
                future.whenComplete((value, error) -> completer.set(Thread.currentThread()));
                assertEquals(i * i, future.join());
                if (caller == completer.get())
                {
                    completedOnCaller++;
                }
            }
            // the I/O thread steps aside while a caller runs the cycle; it may still take a few
            assertTrue(completedOnCaller > 100, "futures completed by the waiting caller: " + completedOnCaller);
        }
    }

    @Test
    void sampledTasksGiveAHopBreakdown()
    {
        try (Pool pool = Pool.builder().processes(1).traceHops(2).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            for (int i = 0; i < 400; i++)
            {
                pool.submit(Functions.Square.class, i).join();
            }
            final HopBreakdown breakdown = pool.hopBreakdown().orElseThrow();
            assertEquals(200, breakdown.samples(), "one task in two sampled");
            assertEquals(8, breakdown.hops().size());
            final HopBreakdown.Hop total = breakdown.hops().get(7);
            double sum = 0;
            for (final HopBreakdown.Hop hop : breakdown.hops().subList(0, 7))
            {
                assertTrue(hop.p50Micros() >= 0 && hop.p50Micros() <= hop.p99Micros(), hop.toString());
                sum += hop.maxMicros();
            }
            assertTrue(total.p50Micros() > 0, total.toString());
            assertTrue(total.maxMicros() <= sum * 1.05 + 1, "the hops add up to at least the whole trip: " + breakdown);
        }
        try (Pool untraced = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            assertFalse(untraced.hopBreakdown().isPresent());
        }
    }
}
