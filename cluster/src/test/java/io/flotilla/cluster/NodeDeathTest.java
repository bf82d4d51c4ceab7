package io.flotilla.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import io.flotilla.testkit.Await;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node dies (SIGKILL) or hangs (SIGSTOP) while it runs chunks: its chunks go to the live nodes, and every item comes
 * back exactly once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NodeDeathTest
{
    private static final int ITEMS = 60_000;

    @Test
    void killingANodeMidMapLosesNothingAndDuplicatesNothing() throws Exception
    {
        try (NodeProcesses nodes = new NodeProcesses(3);
             ClusterPool pool = ClusterPool.connect(nodes.clientConfig().config()))
        {
            final NodeProcesses.Node victim = nodes.nodes.get(1);
            final List<ProcessHandle> victimWorkers = victim.process.descendants().toList();
            assertFalse(victimWorkers.isEmpty(), "the node has a worker JVM");

            // mid-map: a watcher kills the node once a tenth of the chunks are answered
            final Thread killer = Thread.ofVirtual().start(() ->
            {
                while (pool.answeredChunks() < ITEMS / 100 / 10)
                {
                    Thread.onSpinWait();
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
                victim.process.destroyForcibly();
            });
            final List<Long> results = pool.map(ClusterFunctions.SlowSquare.class,
                IntStream.range(0, ITEMS).boxed().toList(), 100);
            killer.join(10_000);
            assertFalse(victim.process.isAlive(), "the node was killed while the map ran");

            assertEquals(IntStream.range(0, ITEMS).mapToObj(i -> (long)i * i).toList(), results,
                "every item once, in order");
            assertTrue(pool.resentChunks() > 0, "the killed node had chunks in flight, sent again");
            assertEquals(2, pool.nodes().size(), "the dead node left: " + pool.nodes());
            for (final ProcessHandle worker : victimWorkers)
            {
                Await.until(() -> !io.flotilla.protocol.Processes.running(worker.pid()), Duration.ofSeconds(5),
                    "the dead node's worker exited: pid=" + worker.pid());
            }
        }
    }

    @Test
    void aNodeThatHangsIsDeclaredDeadByHeartbeatAndItsChunksRunElsewhere() throws Exception
    {
        try (NodeProcesses nodes = new NodeProcesses(3);
             ClusterPool pool = ClusterPool.connect(nodes.clientConfig().config()))
        {
            final NodeProcesses.Node victim = nodes.nodes.get(2);
            final long[] stoppedAt = new long[1];
            try
            {
                final List<Long> results = runAndThen(pool, () ->
                {
                    signal("STOP", victim.process.pid());
                    stoppedAt[0] = System.nanoTime();
                });
                final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt[0]);
                assertExactlyOnce(results);
                assertTrue(pool.resentChunks() > 0, "the hung node's chunks were sent again");
                assertEquals(2, pool.nodes().size(), "the hung node was declared dead: " + pool.nodes());
                System.out.println("hung node: stream finished " + tookMs + " ms after SIGSTOP");
                assertTrue(tookMs < 30_000, "found by the 3 s heartbeat timeout, not Hazelcast's 60 s: ms=" + tookMs);
            }
            finally
            {
                signal("CONT", victim.process.pid());
            }
        }
    }

    @Test
    void workFailsClearlyWhenNoNodeIsLeftEvenIfItsCallbacksSubmitAgain() throws Exception
    {
        try (NodeProcesses nodes = new NodeProcesses(1);
             ClusterPool pool = ClusterPool.connect(nodes.clientConfig().joinTimeout(java.time.Duration.ofSeconds(2))
                 .config()))
        {
            final NodeProcesses.Node only = nodes.nodes.get(0);
            only.process.destroyForcibly();
            assertTrue(only.process.waitFor(10, TimeUnit.SECONDS));
            Await.until(() -> pool.nodes().isEmpty(), Duration.ofSeconds(20), () -> "the node left: " + pool.nodes());

            // a callback that submits again runs while the first failure is delivered: the second must fail too
            final java.util.concurrent.CompletableFuture<java.util.concurrent.CompletableFuture<Long>> second =
                new java.util.concurrent.CompletableFuture<>();
            final java.util.concurrent.CompletableFuture<Long> first = pool.submit(ClusterFunctions.Square.class, 3);
            first.whenComplete((value, error) -> second.complete(pool.submit(ClusterFunctions.Square.class, 4)));

            final java.util.concurrent.ExecutionException firstError = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS));
            assertTrue(firstError.getCause() instanceof io.flotilla.TaskFailedException &&
                firstError.getCause().getMessage().contains("no node left"), String.valueOf(firstError.getCause()));
            final java.util.concurrent.ExecutionException secondError = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> second.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS));
            assertTrue(secondError.getCause() instanceof io.flotilla.TaskFailedException,
                String.valueOf(secondError.getCause()));
        }
    }

    /** Streams the items, runs the fault after a tenth of the results, and reads everything. */
    private static List<Long> runAndThen(final ClusterPool pool, final Runnable fault)
    {
        final Iterator<Long> stream = pool.imapUnordered(ClusterFunctions.SlowSquare.class,
            IntStream.range(0, ITEMS).boxed().toList(), 100);
        final List<Long> results = new ArrayList<>(ITEMS);
        while (stream.hasNext())
        {
            results.add(stream.next());
            if (results.size() == ITEMS / 10)
            {
                fault.run();
            }
        }
        return results;
    }

    private static void assertExactlyOnce(final List<Long> results)
    {
        assertEquals(ITEMS, results.size(), "one result per item");
        final Set<Long> distinct = new HashSet<>(results);
        assertEquals(ITEMS, distinct.size(), "no result twice");
        assertEquals(IntStream.range(0, ITEMS).mapToObj(i -> (long)i * i).collect(Collectors.toSet()), distinct);
    }

    private static void signal(final String signal, final long pid)
    {
        try
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
