package io.flotilla.cluster.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrainLoopTest
{
    private int depth;
    private int deepest;
    private int cycles;

    @Test
    void aRunFromInsideACycleOnlyMarksAndTheOuterLoopRunsAnotherCycle()
    {
        final DrainLoop[] loop = new DrainLoop[1];
        loop[0] = new DrainLoop(() ->
        {
            depth++;
            deepest = Math.max(deepest, depth);
            cycles++;
            if (cycles < 3)
            {
                loop[0].run(); // as a callback inside the cycle would
                loop[0].run();
            }
            depth--;
            return 1;
        });

        loop[0].run();

        assertEquals(1, deepest, "never re-entered");
        assertEquals(3, cycles, "one cycle for the first run, one more for each cycle's marks, however many");
    }

    @Test
    void anAnswerFromInsideACycleRunsAfterTheLoopAndOneFromOutsideRunsAtOnce()
    {
        final List<String> events = new ArrayList<>();
        final DrainLoop[] loop = new DrainLoop[1];
        loop[0] = new DrainLoop(() ->
        {
            assertTrue(loop[0].inCycle());
            events.add("cycle");
            loop[0].answer(() ->
            {
                assertFalse(loop[0].inCycle(), "the answer runs outside the cycle");
                events.add("answer");
            });
            events.add("cycle ends");
            return 1;
        });

        loop[0].run();
        assertEquals(List.of("cycle", "cycle ends", "answer"), events);

        events.clear();
        assertFalse(loop[0].inCycle());
        loop[0].answer(() -> events.add("now"));
        assertEquals(List.of("now"), events);
    }

    @Test
    void anAnswerThatRunsTheLoopAgainGetsAFreshLoop()
    {
        final DrainLoop[] loop = new DrainLoop[1];
        loop[0] = new DrainLoop(() ->
        {
            depth++;
            deepest = Math.max(deepest, depth);
            cycles++;
            if (1 == cycles)
            {
                loop[0].answer(() -> loop[0].run()); // a user callback that submits again
            }
            depth--;
            return 1;
        });

        loop[0].run();

        assertEquals(2, cycles, "the answer's run was not lost");
        assertEquals(1, deepest);
    }

    @Test
    void aCycleThatThrowsDoesNotStopLaterOnes()
    {
        final IllegalStateException boom = new IllegalStateException("boom");
        final DrainLoop loop = new DrainLoop(() ->
        {
            cycles++;
            if (1 == cycles)
            {
                throw boom;
            }
            return 1;
        });

        assertSame(boom, assertThrows(IllegalStateException.class, loop::run));
        assertFalse(loop.inCycle());
        loop.run();
        assertEquals(2, cycles, "the loop runs again after a throw");
    }

    @Test
    void runsFromManyThreadsNeverOverlapAndLoseNoWork() throws Exception
    {
        final AtomicInteger pending = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final DrainLoop loop = new DrainLoop(() ->
        {
            if (inside.incrementAndGet() > 1)
            {
                overlaps.incrementAndGet();
            }
            final int taken = pending.getAndSet(0);
            done.addAndGet(taken);
            inside.decrementAndGet();
            return taken;
        });
        final int threads = 8;
        final int perThread = 20_000;
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            started.add(Thread.ofPlatform().start(() ->
            {
                try
                {
                    start.await();
                }
                catch (final InterruptedException ex)
                {
                    throw new IllegalStateException(ex);
                }
                for (int i = 0; i < perThread; i++)
                {
                    pending.incrementAndGet();
                    loop.run();
                }
            }));
        }
        start.countDown();
        for (final Thread thread : started)
        {
            thread.join();
        }

        assertEquals(0, overlaps.get(), "one thread in the duty at a time");
        assertEquals(0, pending.get(), "every piece of work a run was asked for was taken");
        assertEquals(threads * perThread, done.get());
    }
}
