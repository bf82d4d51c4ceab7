package io.flotilla;

import io.flotilla.Functions.FailingInitializer;
import io.flotilla.Functions.MarkWorker;
import io.flotilla.Functions.WhoAmI;
import io.flotilla.launcher.WorkerStartException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            .workerJvmOption("-D" + io.flotilla.ipc.WorkerChronicle.NATIVE_POSIX_PROPERTY + "=true").build())
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
            ex.getMessage().contains("exit code 3"), ex.getMessage());
    }
}
