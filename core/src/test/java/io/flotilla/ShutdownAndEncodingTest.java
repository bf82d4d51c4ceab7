package io.flotilla;

import io.flotilla.testkit.Functions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shutdown from many threads in any order never touches unmapped memory (a fault there kills this JVM, and with it
 * the test run), every submitted task ends, and exceptions or results of any shape come back as an answer.
 */
@Timeout(300)
class ShutdownAndEncodingTest
{
    /** Rounds of the concurrent shutdown stress; {@code -Dflotilla.stress.rounds=1000} for the long run. */
    private static final int ROUNDS = Integer.getInteger("flotilla.stress.rounds", 12);

    @Test
    void concurrentCloseTerminateSubmitAndImapNeverCrashAndEveryTaskEnds() throws Exception
    {
        final PoolConfig.Builder builder = Pool.builder().processes(1).childConcurrency(8)
            .workerOutputLevel(System.Logger.Level.OFF);
        try (WorkerReserve reserve = WorkerReserve.start(builder.config(), 2))
        {
            builder.workerReserve(reserve);
            for (int round = 0; round < ROUNDS; round++)
            {
                oneRound(builder.build(), round);
            }
        }
    }

    private static void oneRound(final Pool pool, final int round) throws Exception
    {
        final List<CompletableFuture<Integer>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger imapEnded = new AtomicInteger();
        final AtomicInteger unexpected = new AtomicInteger();
        final CountDownLatch go = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++)
        {
            threads.add(Thread.ofPlatform().start(() ->
            {
                await(go);
                for (int i = 0; i < 200; i++)
                {
                    try
                    {
                        futures.add(pool.submit(Functions.Square.class, i));
                    }
                    catch (final IllegalStateException closed)
                    {
                        return; // refused at submit: the pool is closing
                    }
                }
            }));
        }
        threads.add(Thread.ofPlatform().start(() ->
        {
            await(go);
            try
            {
                final Iterator<Integer> it = pool.imap(Functions.Square.class, IntStream.range(0, 5000).boxed()::iterator, 16);
                while (it.hasNext())
                {
                    it.next();
                }
            }
            catch (final IllegalStateException | TaskFailedException ended)
            {
                // refused or failed by the shutdown: an end, not a hang
            }
            catch (final RuntimeException other)
            {
                unexpected.incrementAndGet();
                other.printStackTrace();
            }
            imapEnded.incrementAndGet();
        }));
        // close, terminate and join from several threads at once, in an order that differs by round
        for (int t = 0; t < 4; t++)
        {
            final int which = (t + round) % 4;
            threads.add(Thread.ofPlatform().start(() ->
            {
                await(go);
                try
                {
                    switch (which)
                    {
                        case 0, 2 -> pool.close();
                        case 1 -> pool.terminate();
                        default -> pool.join();
                    }
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                catch (final IllegalStateException open)
                {
                    // a join() that ran before any close() began refuses, as multiprocessing.Pool's does
                    if (!open.getMessage().startsWith("join() on an open pool"))
                    {
                        unexpected.incrementAndGet();
                        open.printStackTrace();
                    }
                }
            }));
        }
        go.countDown();
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!thread.isAlive(), "a submitter, imap or shutdown thread ended within 60 s: round=" + round);
        }
        assertEquals(1, imapEnded.get(), "imap ended");
        assertEquals(0, unexpected.get(), "no unexpected exception");
        for (final CompletableFuture<Integer> future : futures)
        {
            assertTrue(future.isDone(), "every submitted task ended: round=" + round);
        }
        assertThrows(IllegalStateException.class, () -> pool.submit(Functions.Square.class, 1), "closed pool refuses");
    }

    @Test
    void sharedCounterOfAClosedPoolFailsCleanly()
    {
        final SharedCounter counter;
        try (Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            counter = pool.sharedCounter("hits");
            counter.addAndGet(3);
            assertEquals(3, counter.get());
        }
        final IllegalStateException closed = assertThrows(IllegalStateException.class, () -> counter.addAndGet(1));
        assertTrue(closed.getMessage().contains("name=hits"), closed.getMessage());
    }

    @Test
    void hostileExceptionsAndLargeMessagesComeBackAsRemoteExceptions()
    {
        try (Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final RemoteTaskException message = remote(pool, 0);
            assertTrue(message.getMessage().contains("getMessage() threw java.lang.IllegalStateException"),
                message.getMessage());
            final RemoteTaskException stack = remote(pool, 1);
            assertTrue(stack.getMessage().contains("no stack"), stack.getMessage());
            final RemoteTaskException cause = remote(pool, 2);
            assertTrue(cause.getMessage().contains("cause refused"), cause.getMessage());
            final RemoteTaskException large = remote(pool, 3);
            assertEquals("java.lang.IllegalArgumentException", large.remoteClassName());
            assertTrue(large.getMessage().contains("message cut to"), "says it was cut");
            // the pool still works, and close() does not wait on anything left behind
            assertEquals(49, pool.submit(Functions.Square.class, 7).join());
        }
    }

    @Test
    void imapOfLargeItemsCutsChunksByBytesAndCloseDoesNotHang()
    {
        try (Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final List<byte[]> items = IntStream.range(0, 200).mapToObj(i -> new byte[16 * 1024]).toList();
            final Iterator<Object> it = pool.imap(Functions.Echo.class, items, 64);
            int count = 0;
            while (it.hasNext())
            {
                assertEquals(16 * 1024, ((byte[])it.next()).length);
                count++;
            }
            assertEquals(200, count);
        }
    }

    @Test
    void closeGivesUpAfterCloseTimeoutWithoutProgress()
    {
        final Pool pool = Pool.builder().processes(1).closeTimeout(java.time.Duration.ofMillis(500))
            .stuckTaskGrace(java.time.Duration.ofSeconds(60)).workerOutputLevel(System.Logger.Level.OFF).build();
        final CompletableFuture<Integer> stuck = pool.submit(Functions.Stubborn.class, 20_000);
        final long start = System.nanoTime();
        pool.close();
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(stuck.isCompletedExceptionally(), "the stuck task failed");
        final CompletionException ex = assertThrows(CompletionException.class, stuck::join);
        assertInstanceOf(TaskFailedException.class, ex.getCause());
        assertTrue(ex.getCause().getMessage().contains("closeTimeout=PT0.5S"), ex.getCause().getMessage());
        assertTrue(tookMs < 30_000, "close returned: tookMs=" + tookMs);
    }

    @Test
    void joinOnAnOpenPoolRefusesAndAfterCloseReturns() throws Exception
    {
        final Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build();
        try
        {
            assertEquals(49, pool.submit(Functions.Square.class, 7).get(30, TimeUnit.SECONDS));
            final IllegalStateException refused = assertThrows(IllegalStateException.class, pool::join,
                "join() with nobody closing would wait for ever");
            assertTrue(refused.getMessage().contains("call close() or terminate() first"), refused.getMessage());
            assertEquals(4, pool.submit(Functions.Square.class, 2).get(30, TimeUnit.SECONDS), "the pool still works");
        }
        finally
        {
            pool.close();
        }
        pool.join();
        assertThrows(IllegalStateException.class, () -> pool.submit(Functions.Square.class, 1), "closed pool refuses");
    }

    @Test
    void closeFromACallbackOnAPoolThreadShutsDownAndJoinThereRefuses() throws Exception
    {
        final Pool pool = Pool.builder().processes(1).stuckTaskGrace(java.time.Duration.ofSeconds(30))
            .workerOutputLevel(System.Logger.Level.OFF).build();
        final CompletableFuture<Throwable> joinInCallback = new CompletableFuture<>();
        // the timeout fails the future on the pool's deadlines thread: its callback closes the pool there
        pool.submit(Functions.Sleep.class, 20_000, java.time.Duration.ofMillis(200)).whenComplete((value, error) ->
        {
            pool.close();
            try
            {
                pool.join();
                joinInCallback.complete(null);
            }
            catch (final Throwable ex)
            {
                joinInCallback.complete(ex);
            }
        });
        final Throwable refused = joinInCallback.get(30, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, refused, "join() on a pool thread refuses instead of hanging");
        final Thread waiter = Thread.ofPlatform().start(() ->
        {
            try
            {
                pool.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        waiter.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!waiter.isAlive(), "the close started in the callback finished");
        assertThrows(IllegalStateException.class, () -> pool.submit(Functions.Square.class, 1));
    }

    @Test
    void waitingOnAFutureFromInsideTheDutyCycleRefusesInsteadOfHanging() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final CompletableFuture<Throwable> nested = new CompletableFuture<>();
            // answered 200 ms later, so the callback is registered first and runs inside the cycle that completes it
            final CompletableFuture<Integer> first = pool.submit(Functions.Sleep.class, 200);
            first.whenComplete((value, error) ->
            {
                try
                {
                    pool.submit(Functions.Sleep.class, 50).join();
                    nested.complete(null);
                }
                catch (final Throwable ex)
                {
                    nested.complete(ex);
                }
            });
            assertEquals(200, first.get(30, TimeUnit.SECONDS));
            final Throwable refused = nested.get(30, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, refused);
            assertTrue(refused.getMessage().contains("*Async"), refused.getMessage());
            assertEquals(16, pool.submit(Functions.Square.class, 4).join());
        }
    }

    private static RemoteTaskException remote(final Pool pool, final int mode)
    {
        try
        {
            pool.submit(Functions.HostileException.class, mode).get(30, TimeUnit.SECONDS);
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            return assertInstanceOf(RemoteTaskException.class, ex.getCause());
        }
        catch (final Exception ex)
        {
            fail("no answer for mode=" + mode + ": " + ex);
        }
        return fail("mode=" + mode + " did not fail");
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
