package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.testkit.Functions.FailingInitializer;
import io.flotilla.testkit.Functions.MarkWorker;
import io.flotilla.testkit.Functions.WhoAmI;
import io.flotilla.worker.WorkerMain;
import io.flotilla.launcher.WorkerStartException;
import io.flotilla.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The initializer runs in every worker before its first task; a worker retires after maxTasksPerChild and is
 * replaced without losing a task.
 */
@Timeout(120)
class WorkerLifecycleTest
{
    @AfterEach
    void nothingLeft()
    {
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no worker left");
    }

    @Test
    void initializerRunsInEveryWorkerAndWorkersRetireAfterTheirShare()
    {
        try (Pool pool = Pool.builder().processes(1).initializer(MarkWorker.class).maxTasksPerChild(5).build())
        {
            final Map<String, Integer> tasksByPid = new HashMap<>();
            for (int i = 0; i < 20; i++)
            {
                final String[] answer = pool.submit(WhoAmI.class, i).join().split(" ");
                assertEquals("MarkWorker", answer[1], "initializer ran in this worker");
                tasksByPid.merge(answer[0], 1, Integer::sum);
            }
            assertEquals(4, tasksByPid.size(), "a new worker every 5 tasks: " + tasksByPid);
            assertTrue(tasksByPid.values().stream().allMatch(n -> n == 5), tasksByPid.toString());
        }
    }

    @Test
    @Timeout(120)
    void theParentsFlotillaPropertiesHoldInItsWorkersAndWorkerOptionsWin()
    {
        System.setProperty("flotilla.test.forwarded", "from-parent");
        System.setProperty("flotilla.test.overridden", "from-parent");
        try (Pool pool = Pool.builder().processes(1)
            .workerJvmOption("-Dflotilla.test.overridden=from-worker-option").build())
        {
            assertEquals("from-parent",
                pool.submit(Functions.WorkerProperty.class, "flotilla.test.forwarded").join());
            assertEquals("from-worker-option",
                pool.submit(Functions.WorkerProperty.class, "flotilla.test.overridden").join());
        }
        finally
        {
            System.clearProperty("flotilla.test.forwarded");
            System.clearProperty("flotilla.test.overridden");
        }
    }

    @Test
    void workersSkipChroniclesNativePosixBindingUnlessAsked()
    {
        // the binding costs a third of a worker's start-up and the queues never call it (no msync)
        try (Pool pool = Pool.builder().processes(1).build())
        {
            assertEquals(List.of(4, 9), pool.map(Functions.Square.class, List.of(2, 3)), "queues work without it");
            assertEquals("NoOpPosixAPI", pool.submit(Functions.ChroniclePosixBinding.class, 0).join());
        }
        try (Pool pool = Pool.builder().processes(1)
            .workerJvmOption("-D" + io.flotilla.protocol.WorkerChronicle.NATIVE_POSIX_PROPERTY + "=true").build())
        {
            assertEquals("JNRPosixAPI", pool.submit(Functions.ChroniclePosixBinding.class, 0).join());
        }
    }

    @Test
    void failingInitializerFailsTheStartWithItsError()
    {
        final WorkerStartException ex = assertThrows(WorkerStartException.class,
            () -> Pool.builder().processes(1).initializer(FailingInitializer.class).build());
        assertTrue(ex.getMessage().contains("worker initializer failed") && ex.getMessage().contains("no database here") &&
            ex.getMessage().contains("exit code 70 (the worker's initializer failed)"), ex.getMessage());
        assertTrue(ex.getMessage().contains("3 times in a row (maxStartFailures=3)"), "started again up to the budget: " +
            ex.getMessage());
    }

    @Test
    void workerKilledBeforeItIsReadyIsStartedAgainAndBuildSucceeds() throws Exception
    {
        final Path release = Files.createTempDirectory("flotilla-release-").resolve("release");
        System.setProperty(Functions.RELEASE_START_PROPERTY, release.toString());
        try
        {
            final CompletableFuture<Pool> building = CompletableFuture.supplyAsync(
                () -> Pool.builder().processes(2).initializer(Functions.HoldStart.class).build(),
                r -> Thread.ofPlatform().daemon().name("build").start(r));
            // both workers are held in their initializer, before READY: kill one of them
            final List<ProcessHandle> starting = Await.present(() -> workers().size() == 2 ? Optional.of(workers()) :
                Optional.empty(), "two starting workers");
            final ProcessHandle victim = starting.get(0);
            assertTrue(victim.destroyForcibly(), "kill sent");
            victim.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(building.isDone(), "the build waits on: " + (building.isDone() ? building.handle(
                (pool, error) -> String.valueOf(error)).join() : ""));
            final ProcessHandle replacement = Await.present(() -> workers().stream()
                .filter(p -> p.pid() != victim.pid() && p.pid() != starting.get(1).pid()).findFirst(),
                "a new worker in the killed one's slot");
            Files.createFile(release);

            try (Pool pool = building.get(60, TimeUnit.SECONDS))
            {
                final PoolProbe local = pool.probe();
                assertEquals(3, local.startsOf(1) + local.startsOf(2), "one slot started twice: " +
                    local.startsOf(1) + ", " + local.startsOf(2));
                assertTrue(local.workers().stream().anyMatch(p -> p.pid() == replacement.pid()),
                    "the replacement serves");
                assertEquals(List.of(1, 4, 9, 16), pool.map(Functions.Square.class, List.of(1, 2, 3, 4), 1));
            }
        }
        finally
        {
            System.clearProperty(Functions.RELEASE_START_PROPERTY);
            Files.deleteIfExists(release);
            Files.deleteIfExists(release.getParent());
        }
    }

    /** @return this JVM's live worker processes, by their command line. */
    private static List<ProcessHandle> workers()
    {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
            .filter(p -> p.info().commandLine().map(line -> line.contains(WorkerMain.class.getName())).orElse(false))
            .toList();
    }
}
