package io.flotilla;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ExecutorService view: serializable tasks run in worker JVMs, behind an allowlist, only when turned on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ExecutorViewTest
{
    /** A task class: where did it run? */
    public record WhereAmI(int tag) implements Callable<String>, Serializable
    {
        @Override
        public String call()
        {
            return tag + "@" + ProcessHandle.current().pid();
        }
    }

    private Pool pool;
    private ExecutorService executor;

    @BeforeAll
    void start()
    {
        pool = Pool.builder().processes(1).javaSerialization("io.flotilla.**").build();
        executor = pool.asExecutorService();
    }

    @AfterAll
    void stop()
    {
        pool.close();
    }

    @Test
    void serializableTasksRunInAWorker() throws Exception
    {
        final String where = executor.submit(new WhereAmI(7)).get(30, TimeUnit.SECONDS);
        assertTrue(where.startsWith("7@"), where);
        assertNotEquals(String.valueOf(ProcessHandle.current().pid()), where.substring(2), "ran in another JVM");

        final int base = 6;
        assertEquals(42, executor.submit((Callable<Integer> & Serializable)() -> base * 7).get(30, TimeUnit.SECONDS));

        final List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            tasks.add(new WhereAmI(i));
        }
        final List<Future<String>> all = executor.invokeAll(tasks);
        for (int i = 0; i < 10; i++)
        {
            assertTrue(all.get(i).get().startsWith(i + "@"));
        }
        assertEquals(null, executor.submit((Runnable & Serializable)() -> { }).get(30, TimeUnit.SECONDS));
        assertTrue(executor.invokeAny(tasks).matches("\\d@\\d+"));
    }

    @Test
    void failuresAndRefusalsAreClear()
    {
        final ExecutionException thrown = assertThrows(ExecutionException.class, () -> executor.submit(
            (Callable<Integer> & Serializable)() -> { throw new IllegalStateException("inside"); }).get(30, TimeUnit.SECONDS));
        final RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, thrown.getCause());
        assertEquals("inside", remote.remoteMessage());

        final Callable<Integer> notSerializable = () -> 1;
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> executor.submit(notSerializable));
        assertTrue(refused.getMessage().contains("must be Serializable"), refused.getMessage());

        final ExecutionException filtered = assertThrows(ExecutionException.class, () -> executor.submit(
            (Callable<URI> & Serializable)() -> URI.create("http://example.invalid/")).get(30, TimeUnit.SECONDS));
        assertTrue(filtered.getCause().getMessage().contains("allowlist"), filtered.getCause().getMessage());
    }

    @Test
    void viewNeedsSerializationTurnedOnAndShutsDownOnItsOwn() throws Exception
    {
        try (Pool plain = Pool.builder().processes(1).build())
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class, plain::asExecutorService);
            assertTrue(ex.getMessage().contains("javaSerialization"), ex.getMessage());
        }
        final ExecutorService view = pool.asExecutorService();
        view.shutdown();
        assertTrue(view.awaitTermination(10, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> view.submit(new WhereAmI(1)));
        assertTrue(executor.submit(new WhereAmI(2)).get(30, TimeUnit.SECONDS).startsWith("2@"), "pool still open");
    }
}
