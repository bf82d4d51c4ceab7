package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.core.SerializedCallableTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import io.flotilla.testkit.Await;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Many submitters at once while workers die; inputs that must be refused with a clear error; and what the pool
 * exposes to the machine.
 */
@Timeout(240)
class StressAndInputTest
{
    @Test
    void manySubmittersWhileWorkersDieLoseNothing() throws Exception
    {
        try (Pool pool = Pool.builder().processes(2).childConcurrency(64).maxRetries(5)
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final AtomicInteger completions = new AtomicInteger();
            final AtomicInteger wrong = new AtomicInteger();
            final int platformThreads = 64;
            final int virtualThreads = 10_000;
            final CountDownLatch done = new CountDownLatch(platformThreads + virtualThreads);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < platformThreads; t++)
            {
                final int base = t * 1000;
                threads.add(Thread.ofPlatform().start(() ->
                {
                    try
                    {
                        final List<Integer> items = IntStream.range(base, base + 200).boxed().toList();
                        final List<Integer> results = pool.map(Functions.SlowSquare.class, items, 7);
                        for (int i = 0; i < items.size(); i++)
                        {
                            if (items.get(i) * items.get(i) != results.get(i))
                            {
                                wrong.incrementAndGet();
                            }
                            completions.incrementAndGet();
                        }
                    }
                    finally
                    {
                        done.countDown();
                    }
                }));
            }
            for (int t = 0; t < virtualThreads; t++)
            {
                final int x = 100_000 + t;
                threads.add(Thread.ofVirtual().start(() ->
                {
                    try
                    {
                        if (pool.submit(Functions.Square.class, x).join() != x * x)
                        {
                            wrong.incrementAndGet();
                        }
                        completions.incrementAndGet();
                    }
                    finally
                    {
                        done.countDown();
                    }
                }));
            }
            // Kills follow progress, not the clock: the first once work is flowing, the others soon after, so
            // they land while the submitters run however fast or slow this machine is today.
            Await.until(() -> completions.get() >= 500 || done.getCount() == 0, Duration.ofSeconds(60),
                () -> "work flowing: completions=" + completions.get());
            final Set<Long> killed = new HashSet<>();
            for (int k = 0; k < 3 && done.getCount() > 0; k++)
            {
                final ProcessHandle victim = pool.probe().workers().get(k % 2);
                killed.add(victim.pid());
                victim.destroyForcibly();
                victim.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(victim.isAlive(), "worker killed: pid=" + victim.pid());
                Thread.sleep(150); // the pace of the kills, not a wait for something
            }
            assertTrue(done.await(180, TimeUnit.SECONDS), "every submitter finished");
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertEquals(platformThreads * 200 + virtualThreads, completions.get(), "every task answered once");
            assertEquals(0, wrong.get(), "no wrong result");
            assertEquals(0, pool.probe().pendingTasks());
            assertTrue(killed.size() >= 2, "workers were killed while the submitters ran: " + killed);
            assertEquals(49, pool.submit(Functions.Square.class, 7).join(), "pool still serves");
            System.out.printf("64 platform + 10,000 virtual submitters, %d workers killed: %d tasks, 0 lost, 0 wrong%n",
                killed.size(), completions.get());
        }
    }

    @Test
    void closingWhileSubmittersRaceLeavesNoFutureUnfinished() throws Exception
    {
        final Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build();
        final java.util.Queue<java.util.concurrent.CompletableFuture<Integer>> futures =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
        final List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < 8; t++)
        {
            submitters.add(Thread.ofPlatform().start(() ->
            {
                try
                {
                    for (int i = 0; ; i++)
                    {
                        futures.add(pool.submit(Functions.Square.class, i));
                    }
                }
                catch (final IllegalStateException closed)
                {
                    // the pool stopped taking tasks: the race is over for this thread
                }
            }));
        }
        // close while the race is on: once every submitter has got tasks in
        Await.until(() -> futures.size() >= 1_000, Duration.ofSeconds(30),
            () -> "submitters racing: submitted=" + futures.size());
        pool.close();
        for (final Thread submitter : submitters)
        {
            submitter.join(10_000);
        }
        int answered = 0;
        int failedClosed = 0;
        for (final java.util.concurrent.CompletableFuture<Integer> future : futures)
        {
            try
            {
                future.get(10, TimeUnit.SECONDS);
                answered++;
            }
            catch (final ExecutionException ex)
            {
                assertInstanceOf(TaskFailedException.class, ex.getCause());
                failedClosed++;
            }
        }
        assertEquals(futures.size(), answered + failedClosed, "every future finished");
        assertTrue(answered > 0, "tasks ran before the close");
    }

    @Test
    void refusedInputsAreClearAndThePoolGoesOn() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).build())
        {
            final CompletionException unencodable = assertThrows(CompletionException.class,
                () -> pool.submit(Functions.Unencodable.class, 1).join());
            final RemoteTaskException result = assertInstanceOf(RemoteTaskException.class, unencodable.getCause());
            assertTrue(result.remoteMessage().contains("task returned a value no codec takes") &&
                result.remoteMessage().contains("type=java.util.Date"), result.remoteMessage());

            final byte[] serialized = serialize((Callable<Integer> & Serializable)() -> 1);
            final CompletionException off = assertThrows(CompletionException.class,
                () -> pool.submit(SerializedCallableTask.class, serialized).join());
            assertTrue(off.getCause().getMessage().contains("Java serialization is off in this pool"),
                off.getCause().getMessage());
            final CompletionException ghost = assertThrows(CompletionException.class,
                () -> pool.submit(Functions.ThrowsGhost.class, 1).join());
            final RemoteTaskException unknownClass = assertInstanceOf(RemoteTaskException.class, ghost.getCause());
            assertTrue(unknownClass.remoteClassName().startsWith(Functions.GhostTemplate.class.getName() + "/0x"),
                unknownClass.remoteClassName());
            assertThrows(ClassNotFoundException.class, () -> Class.forName(unknownClass.remoteClassName()),
                "the class exists only in the worker");
            assertEquals("from a class the parent cannot load", unknownClass.remoteMessage());
            assertEquals(9, pool.submit(Functions.Square.class, 3).join(), "pool still serves");
        }
        try (Pool pool = Pool.builder().processes(1).javaSerialization("io.flotilla.**").build())
        {
            final ExecutorService executor = pool.asExecutorService();
            final URI gadget = URI.create("http://example.invalid/");
            final ExecutionException refused = assertThrows(ExecutionException.class, () -> executor.submit(
                (Callable<String> & Serializable)() -> gadget.toString()).get(30, TimeUnit.SECONDS));
            final RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, refused.getCause());
            assertTrue(remote.getMessage().contains("allowlist"), remote.getMessage());
            assertEquals(42, executor.submit((Callable<Integer> & Serializable)() -> 42).get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void poolDirectoryIsOwnerOnlyAndNothingListensOnAPort() throws Exception
    {
        try (Pool pool = Pool.builder().processes(2).build())
        {
            final Path dir = pool.config().base().resolve(pool.config().poolId());
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir)));
            final Set<String> listening = listeningSocketInodes();
            final List<Long> pids = new ArrayList<>(List.of(ProcessHandle.current().pid()));
            pool.probe().workers().forEach(p -> pids.add(p.pid()));
            for (final long pid : pids)
            {
                try (var fds = Files.list(Path.of("/proc/" + pid + "/fd")))
                {
                    for (final Path fd : fds.toList())
                    {
                        final String target;
                        try
                        {
                            target = Files.readSymbolicLink(fd).toString();
                        }
                        catch (final java.io.IOException gone)
                        {
                            continue;
                        }
                        if (target.startsWith("socket:["))
                        {
                            final String inode = target.substring(8, target.length() - 1);
                            assertTrue(!listening.contains(inode), "pid " + pid + " listens on a TCP port");
                        }
                    }
                }
            }
        }
    }

    private static Set<String> listeningSocketInodes() throws java.io.IOException
    {
        final Set<String> inodes = new HashSet<>();
        for (final String table : List.of("/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6"))
        {
            final Path path = Path.of(table);
            if (!Files.exists(path))
            {
                continue;
            }
            for (final String line : Files.readAllLines(path).subList(1, Files.readAllLines(path).size()))
            {
                final String[] f = line.trim().split("\\s+");
                // state 0A is LISTEN for TCP; any bound UDP socket counts as listening
                if (table.contains("udp") || "0A".equals(f[3]))
                {
                    inodes.add(f[9]);
                }
            }
        }
        return inodes;
    }

    private static byte[] serialize(final Object value) throws java.io.IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
