package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.testkit.Functions.MarkWorker;
import io.flotilla.testkit.Functions.WhoAmI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import io.flotilla.testkit.Await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pools built on a reserve of warm worker JVMs: their workers and the replacements of retired ones are the reserve's
 * JVMs, told the pool's own settings when they join; a reserve serves pool after pool; one started for other JVM
 * settings is refused; nothing is left after close.
 */
@Timeout(180)
class WorkerReserveTest
{
    @AfterEach
    void nothingLeft()
    {
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no JVM left");
    }

    @Test
    void poolsTakeWarmJvmsFromTheReserveOneAfterAnother() throws Exception
    {
        final PoolConfig.Builder builder = Pool.builder().processes(2).workerOutputLevel(System.Logger.Level.OFF);
        final Path directory;
        try (WorkerReserve reserve = WorkerReserve.start(builder.config(), 2))
        {
            directory = reserve.directory();
            for (int round = 0; round < 2; round++)
            {
                Await.until(() -> 2 == reserve.warm(), "reserve full and warm");
                final Set<Long> spares = childPids();
                // the pool's own settings differ from the reserve's: the JVMs learn them when they join
                final long startNs = System.nanoTime();
                try (Pool pool = builder.workerReserve(reserve).childConcurrency(8).initializer(MarkWorker.class)
                    .maxTasksPerChild(round == 0 ? 0 : 1_000).build())
                {
                    System.out.printf("round %d: 2 workers ready from the reserve in %d ms%n", round,
                        (System.nanoTime() - startNs) / 1_000_000);
                    final Set<Long> workers = workerPids(pool);
                    assertEquals(spares, workers, "the pool's workers are the reserve's JVMs");
                    final List<Integer> items = IntStream.range(0, 2_000).boxed().toList();
                    assertEquals(items.stream().map(x -> x * x).toList(), pool.map(Functions.Square.class, items, 10));
                    final String[] answer = pool.submit(WhoAmI.class, 0).join().split(" ");
                    assertEquals("MarkWorker", answer[1], "the pool's initializer ran in the spare-made worker");
                    if (round == 1)
                    {
                        // each worker retires after 1,000 items; the replacements come from the reserve
                        Await.until(() -> !workers.containsAll(workerPids(pool)), "retired workers replaced");
                        for (int i = 0; i < 200; i++)
                        {
                            assertEquals(i * i, pool.submit(Functions.Square.class, i).join());
                        }
                        for (final ProcessHandle worker : pool.probe().workers())
                        {
                            assertTrue(startedAsSpare(worker), "every worker was a reserve JVM: pid=" + worker.pid());
                        }
                    }
                }
            }
        }
        assertFalse(Files.exists(directory), "reserve's files removed");
    }

    @Test
    void aPoolsOwnSparesReplaceItsRetiredWorkersAndStopWithIt() throws Exception
    {
        final Path base = io.flotilla.protocol.PoolDirectory.defaultBase();
        final Set<Path> sparesDirsBefore = sparesDirectories(base);
        try (Pool pool = Pool.builder().processes(1).spareWorkers(1).maxTasksPerChild(100)
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final ProcessHandle first = pool.probe().workers().get(0);
            assertFalse(startedAsSpare(first), "the pool's first worker is a new JVM; its spares start after it");
            long previous = first.pid();
            int task = 0;
            for (int round = 0; round < 3; round++)
            {
                final long worker = previous;
                Await.until(() -> waitingSpares(worker) >= 1, "a spare waits beside the worker");
                for (int i = 0; i < 100; i++, task++)
                {
                    assertEquals(task * task, pool.submit(Functions.Square.class, task).join());
                }
                // the worker retires after its 100th task; the next one is the spare
                Await.until(() -> pool.probe().workers().get(0).pid() != worker, "worker retired");
                final ProcessHandle replacement = pool.probe().workers().get(0);
                assertTrue(startedAsSpare(replacement), "the replacement was a spare: pid=" + replacement.pid());
                previous = replacement.pid();
            }
            assertEquals(300 * 300, pool.submit(Functions.Square.class, 300).join(), "the last replacement serves");
            assertEquals(sparesDirsBefore.size() + 1, sparesDirectories(base).size(), "the pool's spares directory");
        }
        assertEquals(sparesDirsBefore, sparesDirectories(base), "spares' directory removed with the pool");
    }

    @Test
    void spareWorkersAreValidated()
    {
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> Pool.builder().spareWorkers(-1).config());
        assertTrue(negative.getMessage().contains("spareWorkers must be 0..256: spareWorkers=-1"), negative.getMessage());
        try (WorkerReserve reserve = WorkerReserve.start(Pool.builder().processes(1).config(), 1))
        {
            final IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> Pool.builder().processes(1).spareWorkers(1).workerReserve(reserve).config());
            assertTrue(both.getMessage().contains("spareWorkers and workerReserve exclude each other"),
                both.getMessage());
        }
    }

    /** @return this JVM's children running as spares, the given worker aside. */
    private static long waitingSpares(final long workerPid)
    {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .filter(child -> child.pid() != workerPid).filter(WorkerReserveTest::startedAsSpare).count();
    }

    private static Set<Path> sparesDirectories(final Path base) throws java.io.IOException
    {
        if (!Files.isDirectory(base))
        {
            return Set.of();
        }
        try (java.util.stream.Stream<Path> dirs = Files.list(base))
        {
            return dirs.filter(d -> d.getFileName().toString().startsWith("spares-" + ProcessHandle.current().pid() +
                "-")).collect(Collectors.toSet());
        }
    }

    @Test
    void aReserveForOtherJvmSettingsIsRefusedByName()
    {
        try (WorkerReserve reserve = WorkerReserve.start(
            Pool.builder().processes(1).workerJvmOption("-Xmx96m").config(), 1))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Pool.builder().processes(1).workerReserve(reserve).build());
            assertTrue(ex.getMessage().contains("workerReserve was started for workers of other JVM settings"),
                ex.getMessage());
            assertEquals(1, reserve.spares());
        }
        assertThrows(IllegalArgumentException.class, () -> WorkerReserve.start(Pool.builder().config(), 0));
    }

    private static boolean startedAsSpare(final ProcessHandle process)
    {
        return process.info().arguments().map(List::of).orElse(List.of())
            .contains(io.flotilla.launcher.StandbyMain.class.getName());
    }

    private static Set<Long> workerPids(final Pool pool)
    {
        return pool.probe().workers().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static Set<Long> childPids()
    {
        return new HashSet<>(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .map(ProcessHandle::pid).toList());
    }
}
