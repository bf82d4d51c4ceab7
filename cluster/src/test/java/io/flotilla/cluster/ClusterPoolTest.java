package io.flotilla.cluster;

import io.flotilla.Pool;
import io.flotilla.RemoteTaskException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes as separate JVMs on 127.0.0.1, each with one worker JVM, and a cluster pool in the test JVM.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterPoolTest
{
    private static NodeProcesses nodes;
    private static ClusterPool pool;

    @BeforeAll
    static void startCluster() throws Exception
    {
        final long startNs = System.nanoTime();
        nodes = new NodeProcesses(3);
        final long nodesReadyNs = System.nanoTime();
        pool = ClusterPool.connect(nodes.clientConfig().config());
        System.out.printf("3 node JVMs ready in %d ms, cluster pool connected to them in %d ms%n",
            (nodesReadyNs - startNs) / 1_000_000, (System.nanoTime() - nodesReadyNs) / 1_000_000);
    }

    @AfterAll
    static void stopCluster() throws Exception
    {
        try
        {
            if (null != pool)
            {
                pool.close();
            }
        }
        finally
        {
            if (null != nodes)
            {
                nodes.close();
            }
        }
    }

    @Test
    void mapOf100kTasksGivesWhatALocalPoolGives()
    {
        final List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
        final List<Long> clustered = pool.map(ClusterFunctions.Square.class, items);
        final List<Long> local;
        try (Pool localPool = Pool.builder().processes(1).build())
        {
            local = localPool.map(ClusterFunctions.Square.class, items);
        }
        assertEquals(100_000, clustered.size());
        assertEquals(local, clustered);
        assertEquals(3, pool.nodes().size(), "all three nodes in the cluster: " + pool.nodes());
    }

    @Test
    void nodesStayUpBetweenJobs()
    {
        final List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
        for (int job = 0; job < 2; job++)
        {
            try (ClusterPool another = ClusterPool.connect(nodes.clientConfig().port(nodes.secondClientPort).config()))
            {
                assertEquals(3, another.nodes().size());
                assertEquals(items.stream().map(i -> (long)i * i).toList(),
                    another.map(ClusterFunctions.Square.class, items));
            }
        }
        assertEquals(3, pool.nodes().size(), "the nodes outlive the pools that used them");
    }

    @Test
    void workSpreadsOverEveryNode()
    {
        final List<Long> pids = pool.map(ClusterFunctions.WorkerPid.class,
            IntStream.range(0, 3_000).boxed().toList(), 100);
        assertEquals(3, new HashSet<>(pids).size(), "each node's worker ran some chunks: " + new HashSet<>(pids));
    }

    @Test
    void aTaskThatFailsRemotelyCarriesTheWorkersStackAcrossBothHops()
    {
        final ExecutionException thrown = assertThrows(ExecutionException.class,
            () -> pool.submit(ClusterFunctions.Fail.class, 3).get(60, TimeUnit.SECONDS));
        final RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, thrown.getCause());
        assertEquals(IllegalStateException.class.getName(), remote.remoteClassName());
        assertEquals("refused value=3", remote.remoteMessage());
        assertTrue(remote.getMessage().startsWith("on node 127.0.0.1:"), remote.getMessage());
        assertTrue(hasFrame(remote, ClusterFunctions.Fail.class.getName(), "deeper"),
            "the worker's frames survive both hops");
        final RemoteTaskException cause = assertInstanceOf(RemoteTaskException.class, remote.getCause());
        assertEquals(ArithmeticException.class.getName(), cause.remoteClassName());

        final RemoteTaskException fromMap = assertThrows(RemoteTaskException.class,
            () -> pool.map(ClusterFunctions.Fail.class, IntStream.range(0, 1000).boxed().toList()));
        assertEquals("refused value=3", fromMap.remoteMessage(), "map raises the first failing item's error");
    }

    @Test
    void manySingleSubmitsAllEndWithTheirOwnValue() throws Exception
    {
        final List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 5_000; i++)
        {
            futures.add(pool.submit(ClusterFunctions.Square.class, i));
        }
        for (int i = 0; i < futures.size(); i++)
        {
            assertEquals((long)i * i, futures.get(i).get(60, TimeUnit.SECONDS));
        }
        final List<CompletableFuture<Integer>> later = new ArrayList<>();
        for (int i = 0; i < 500; i++)
        {
            later.add(pool.submitAsync(ClusterFunctions.LaterDouble.class, i));
        }
        for (int i = 0; i < later.size(); i++)
        {
            assertEquals(2 * i, later.get(i).get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void theExecutorServiceViewRunsSerializableCallablesOnNodes() throws Exception
    {
        final java.util.concurrent.ExecutorService executor = pool.asExecutorService();
        final int base = 6;
        assertEquals(42, executor.submit(
            (java.util.concurrent.Callable<Integer> & java.io.Serializable)() -> base * 7).get(60, TimeUnit.SECONDS));
        final long nodePid = executor.submit(
            (java.util.concurrent.Callable<Long> & java.io.Serializable)() -> ProcessHandle.current().pid())
            .get(60, TimeUnit.SECONDS);
        assertTrue(nodePid != ProcessHandle.current().pid(), "ran in a worker, not here");
    }

    @Test
    void imapStreamsInOrderAndUnordered()
    {
        final List<Integer> items = IntStream.range(0, 20_000).boxed().toList();
        final List<Long> ordered = new ArrayList<>();
        pool.<Integer, Long>imap(ClusterFunctions.Square.class, items, 500).forEachRemaining(ordered::add);
        assertEquals(items.stream().map(i -> (long)i * i).toList(), ordered);

        final Set<Long> unordered = new HashSet<>();
        final Iterator<Long> results = pool.imapUnordered(ClusterFunctions.Square.class, items, 500);
        int count = 0;
        while (results.hasNext())
        {
            unordered.add(results.next());
            count++;
        }
        assertEquals(20_000, count);
        assertEquals(new HashSet<>(ordered), unordered);

        final List<Long> sized = new ArrayList<>();
        pool.<Integer, Long>imap(ClusterFunctions.Square.class, items).forEachRemaining(sized::add);
        assertEquals(ordered, sized, "imap without a chunk size sizes chunks itself");
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent()
    {
        final IllegalArgumentException notPublic = assertThrows(IllegalArgumentException.class,
            () -> pool.submit(Hidden.class, 1));
        assertTrue(notPublic.getMessage().contains("function="), notPublic.getMessage());
        final IllegalArgumentException noCodec = assertThrows(IllegalArgumentException.class,
            () -> pool.map(Echo.class, List.of(1, 2, new Object(), 4)));
        assertTrue(noCodec.getMessage().startsWith("cannot send items[2]"), noCodec.getMessage());
        final UnsupportedOperationException counters = assertThrows(UnsupportedOperationException.class,
            () -> pool.sharedCounter("hits"));
        assertTrue(counters.getMessage().contains("name=hits"), counters.getMessage());
    }

    @Test
    void nothingListensOnAnyAddressButTheConfiguredOne() throws Exception
    {
        final List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        for (final NodeProcesses.Node node : nodes.nodes)
        {
            pids.add(node.process.pid());
        }
        for (final long pid : pids)
        {
            final List<String> listening = NodeProcesses.listeningAddresses(pid);
            assertFalse(listening.isEmpty(), "pid " + pid + " listens somewhere (the check sees its sockets)");
            for (final String address : listening)
            {
                assertTrue(address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F"),
                    "pid " + pid + " listens on 127.0.0.1 only, not " + address);
            }
        }
    }

    public static final class Echo implements io.flotilla.Task<Object, Object>
    {
        @Override
        public Object apply(final Object value)
        {
            return value;
        }
    }

    static final class Hidden implements io.flotilla.Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer value)
        {
            return value;
        }
    }

    private static boolean hasFrame(final Throwable error, final String className, final String method)
    {
        for (final StackTraceElement frame : error.getStackTrace())
        {
            if (frame.getClassName().equals(className) && frame.getMethodName().equals(method))
            {
                return true;
            }
        }
        return false;
    }
}
