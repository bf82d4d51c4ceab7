package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.testkit.Functions.Add;
import io.flotilla.testkit.Functions.ConcurrentSleep;
import io.flotilla.testkit.Functions.Echo;
import io.flotilla.testkit.Functions.Fail;
import io.flotilla.testkit.Functions.SlowSquare;
import io.flotilla.testkit.Functions.Square;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.testkit.CheckLeaksPerClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real pool of two worker JVMs serves these tests; each checks results against the same computation in-process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
@CheckLeaksPerClass("the tests share one pool, and killedWorkerLosesNoTaskAndDuplicatesNone replaces a worker of it")
class PoolTest
{
    private Pool pool;
    private Path poolDir;

    @BeforeAll
    void startPool()
    {
        pool = Pool.builder().processes(2).childConcurrency(8).build();
        poolDir = pool.config().base().resolve(pool.config().poolId());
        assertTrue(Files.isDirectory(poolDir));
    }

    @AfterAll
    void closePool()
    {
        pool.close();
        assertFalse(Files.exists(poolDir), "pool directory removed");
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no worker left");
        assertThrows(IllegalStateException.class, () -> pool.submit(Square.class, 1));
        pool.close();
    }

    @Test
    void submitReturnsTheWorkersValue()
    {
        assertEquals(49, pool.submit(Square.class, 7).join());
        assertEquals("h\u00e9llo", pool.submit(Echo.class, "h\u00e9llo").join());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[])pool.submit(Echo.class, new byte[] {1, 2, 3}).join());
        assertEquals(null, pool.submit(Echo.class, null).join());
        assertEquals(2.5d, pool.submit(Echo.class, 2.5d).join());
        assertEquals('x', pool.submit(Echo.class, 'x').join());
    }

    @Test
    void mapMatchesInProcess()
    {
        assertEquals(List.of(), pool.map(Square.class, List.of()));
        assertEquals(List.of(81), pool.map(Square.class, List.of(9)));
        final List<Integer> thousand = IntStream.range(0, 1000).boxed().toList();
        final List<Integer> squares = thousand.stream().map(x -> x * x).toList();
        assertEquals(squares, pool.map(Square.class, thousand, 1), "unchunked");
        assertEquals(squares, pool.map(Square.class, thousand, 7), "odd chunks");
    }

    @Test
    void mapOfAMillionItemsMatchesInProcess()
    {
        final List<Integer> items = IntStream.range(0, 1_000_000).boxed().toList();
        final long startNs = System.nanoTime();
        final List<Integer> results = pool.map(Square.class, items);
        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        for (int i = 0; i < items.size(); i++)
        {
            if (i * i != results.get(i))
            {
                throw new AssertionError("wrong result: item=" + i + ", result=" + results.get(i));
            }
        }
        System.out.printf("map of 1,000,000 squares, auto chunks, 2 workers: %d ms%n", elapsedMs);
    }

    @Test
    void imapStreamsInOrderWithBoundedReadAhead()
    {
        final int n = 1_000_000;
        final int[] pulled = new int[1];
        final Iterable<Integer> lazy = () -> new java.util.Iterator<>()
        {
            private int next;

            @Override
            public boolean hasNext()
            {
                return next < n;
            }

            @Override
            public Integer next()
            {
                pulled[0]++;
                return next++;
            }
        };
        final java.util.Iterator<Integer> results = pool.imap(Square.class, lazy, 100);
        int consumed = 0;
        int maxAhead = 0;
        while (results.hasNext())
        {
            final int value = results.next();
            assertEquals(consumed * consumed, value, "in order");
            consumed++;
            maxAhead = Math.max(maxAhead, pulled[0] - consumed);
        }
        assertEquals(n, consumed);
        assertTrue(maxAhead <= 8 * 100 + 100, "read ahead is bounded by the window: maxAhead=" + maxAhead);
        assertFalse(pool.imap(Square.class, List.<Integer>of(), 1).hasNext(), "empty input");
        assertEquals(List.of(49), java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(
            pool.imap(Square.class, List.of(7)), 0), false).toList(), "one item, default chunksize");
        final long sum = pool.imapStream(Square.class, IntStream.range(0, 10_000).boxed().toList(), 50, false)
            .mapToLong(Integer::longValue).sum();
        assertEquals(IntStream.range(0, 10_000).mapToLong(x -> (long)x * x).sum(), sum, "unordered stream");
    }

    @Test
    void imapUnorderedYieldsEveryResultOnce()
    {
        final List<Integer> items = IntStream.range(0, 5_000).boxed().toList();
        final List<Integer> results = new ArrayList<>();
        pool.<Integer, Integer>imapUnordered(SlowSquare.class, items, 1).forEachRemaining(results::add);
        results.sort(Integer::compare);
        assertEquals(items.stream().map(x -> x * x).toList(), results);
    }

    @Test
    void imapRaisesAnItemsFailureWhenItGetsThere()
    {
        final java.util.Iterator<Object> results = pool.imap(Echo.class, java.util.Arrays.asList(1, 2, 3, new Date()), 1);
        assertEquals(1, results.next());
        assertEquals(2, results.next());
        assertEquals(3, results.next());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, results::hasNext);
        assertTrue(ex.getMessage().contains("items[3]: no codec for type=java.util.Date"), ex.getMessage());

        final java.util.Iterator<Object> failing = pool.imap(Fail.class, List.of("a"), 1);
        assertThrows(RemoteTaskException.class, failing::hasNext);
    }

    @Test
    void starmapPassesTuples()
    {
        final List<Object[]> tuples = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            tuples.add(new Object[] {i, 1000L * i});
        }
        final List<Long> sums = pool.starmap(Add.class, tuples);
        for (int i = 0; i < 100; i++)
        {
            assertEquals(1001L * i, sums.get(i));
        }
    }

    @Test
    void remoteExceptionCarriesTheWorkersStackAndCauses()
    {
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> pool.submit(Fail.class, "x").get(30, TimeUnit.SECONDS));
        final RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, ex.getCause());
        assertEquals(IllegalStateException.class.getName(), remote.remoteClassName());
        assertEquals("boom: x", remote.remoteMessage());
        assertTrue(remote.getMessage().contains("function=" + Fail.class.getName()), remote.getMessage());
        assertTrue(Arrays.stream(remote.getStackTrace()).anyMatch(
            f -> f.getClassName().equals(Fail.class.getName()) && f.getMethodName().equals("apply")),
            Arrays.toString(remote.getStackTrace()));
        final RemoteTaskException cause = assertInstanceOf(RemoteTaskException.class, remote.getCause());
        assertEquals("java.io.IOException", cause.remoteClassName());
        assertEquals("disk says no", cause.remoteMessage());

        final RemoteTaskException fromMap = assertThrows(RemoteTaskException.class,
            () -> pool.map(Fail.class, List.of("a", "b")));
        assertTrue(fromMap.remoteMessage().startsWith("boom: "), fromMap.remoteMessage());
        assertEquals(49, pool.submit(Square.class, 7).join(), "pool still serves");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void badInputIsRejectedAtSubmitWithItsReasonAndThePoolGoesOn()
    {
        assertMessage(() -> pool.submit((Class)null, 1), "function must not be null");
        assertMessage(() -> pool.submit((TaskFunction<Integer, Integer>)null, 1), "function must not be null");
        assertMessage(() -> pool.submit((Class)String.class, 1), "does not implement Task: function=java.lang.String");
        assertMessage(() -> pool.submit((Class)Functions.Abstract.class, 1), "abstract");
        assertMessage(() -> pool.submit((Class)Functions.PrivateConstructor.class, 1), "constructor is not public");
        assertMessage(() -> pool.submit((Class)Echo.class, new Date()), "no codec for type=java.util.Date");
        assertMessage(() -> pool.map((Class)Echo.class, List.of(1, new Object[] {new Date()})),
            "items[1][0]: no codec for type=java.util.Date");
        assertMessage(() -> pool.submit((Class)Echo.class, new byte[4 << 20]), "payload too large: bytes=");
        assertMessage(() -> pool.map(Square.class, null), "items must not be null");
        assertMessage(() -> pool.map(Square.class, List.of(1), 0), "chunksize=0");
        assertMessage(() -> pool.submitAsync((Class)Square.class, 1), "does not implement AsyncTask");

        final CompletionException notCreated = assertThrows(CompletionException.class,
            () -> pool.submit(Functions.ConstructorThrows.class, 1).join());
        final RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, notCreated.getCause());
        assertTrue(remote.getMessage().contains("cannot create function in worker"), remote.getMessage());

        assertEquals(List.of(1, 4, 9), pool.map(Square.class, List.of(1, 2, 3)), "pool still serves");
        assertEquals(0, pool.probe().pendingTasks(), "nothing was left pending");
    }

    @Test
    void asyncTasksReachTheConcurrencyLimitButNeverExceedIt()
    {
        final List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 400; i++)
        {
            futures.add(pool.submitAsync(ConcurrentSleep.class, 20));
        }
        final int max = futures.stream().mapToInt(CompletableFuture::join).max().orElseThrow();
        assertEquals(8, max, "childConcurrency=8 tasks ran at once in a worker, never more");
    }

    @Test
    void killedWorkerLosesNoTaskAndDuplicatesNone() throws Exception
    {
        final List<Integer> items = IntStream.range(0, 3000).boxed().toList();
        final CompletableFuture<List<Integer>> mapped =
            CompletableFuture.supplyAsync(() -> pool.map(SlowSquare.class, items, 5));
        final WorkerKill kill = WorkerKill.whileHolding(pool, 1);

        final List<Integer> results = mapped.get(90, TimeUnit.SECONDS);
        assertEquals(items.stream().map(x -> x * x).toList(), results, "lost none, duplicated none");
        assertEquals(0, pool.probe().pendingTasks());
        kill.awaitReplaced(pool, 1);
        assertEquals(List.of(4, 9), pool.map(Square.class, List.of(2, 3)), "pool still serves");
    }

    private static void assertMessage(final org.junit.jupiter.api.function.Executable call, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
        assertTrue(ex.getMessage().contains(expected), "expected '" + expected + "' in: " + ex.getMessage());
    }

    @Test
    void sharedCounterTalliesAcrossWorkersAndTheParent()
    {
        final SharedCounter total = pool.sharedCounter("total");
        total.set(0);
        pool.map(Functions.Tally.class, IntStream.rangeClosed(1, 10_000).boxed().toList(), 10);
        assertEquals(50_005_000L, total.get(), "every worker's additions landed, none lost");
        assertEquals(50_005_001L, total.incrementAndGet());
        assertEquals(total.get(), pool.sharedCounter("total").get(), "same name, same counter");

        final CompletionException unknown = assertThrows(CompletionException.class,
            () -> pool.submit(Functions.UnknownCounter.class, 1).join());
        assertTrue(unknown.getCause().getMessage().contains("no shared counter with that name"),
            unknown.getCause().getMessage());
        assertThrows(IllegalStateException.class, () -> WorkerContext.sharedCounter("total"),
            "not in a worker");
        final IllegalArgumentException longName = assertThrows(IllegalArgumentException.class,
            () -> pool.sharedCounter("x".repeat(53)));
        assertTrue(longName.getMessage().contains("bytes=53"), longName.getMessage());
    }

    @Test
    void customSchedulerPicksTheShard()
    {
        try (Pool pinned = Pool.builder().processes(2).scheduler((taskId, functionId, shards) -> 1).build())
        {
            final List<String> pids = pinned.map(Functions.WhoAmI.class, IntStream.range(0, 50).boxed().toList(), 1);
            assertEquals(1, pids.stream().distinct().count(), "every task ran on shard 1's worker: " + pids);
            assertEquals(pinned.probe().workers().get(1).pid() + " null", pids.get(0));
        }
        try (Pool broken = Pool.builder().processes(1).scheduler((taskId, functionId, shards) -> 5).build())
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> broken.submit(Square.class, 1));
            assertTrue(ex.getMessage().contains("shard=5, shards=1"), ex.getMessage());
            assertEquals(0, broken.probe().pendingTasks(), "nothing left pending");
        }
    }

    @Test
    void misconfigurationNamesTheField()
    {
        final IllegalArgumentException processes = assertThrows(IllegalArgumentException.class,
            () -> Pool.builder().processes(0).config());
        assertTrue(processes.getMessage().contains("processes=0"), processes.getMessage());
        final IllegalArgumentException shards = assertThrows(IllegalArgumentException.class,
            () -> Pool.builder().processes(2).queueCount(3).config());
        assertTrue(shards.getMessage().contains("queueCount=3, processes=2"), shards.getMessage());
        final IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
            () -> Pool.builder().poolId("a/b").config());
        assertTrue(id.getMessage().contains("poolId=a/b"), id.getMessage());
        assertEquals(PoolDirectory.defaultBase(), Pool.builder().config().base());
    }

    @Test
    void defaultPoolIdsAreNotGuessable()
    {
        final String first = Pool.builder().config().poolId();
        final String second = Pool.builder().config().poolId();
        final String pattern = "pool-" + ProcessHandle.current().pid() + "-[0-9a-f]{16}";
        assertTrue(first.matches(pattern) && second.matches(pattern), first + ", " + second);
        assertTrue(!first.equals(second), "a new id each time: " + first);
        assertEquals("flotilla-" + io.flotilla.protocol.CurrentUser.uid(), PoolDirectory.defaultBase().getFileName().toString(),
            "one default base per user");
    }
}
