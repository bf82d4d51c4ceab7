package io.flotilla;

import io.flotilla.testkit.Await;
import io.flotilla.testkit.Functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worker hooks on real worker JVMs: the initializer runs bound to the pool (WorkerContext works in it), a per-worker
 * resource is made once and shared by every task of that worker and closed when the worker leaves, and the exception
 * handler hears of every task exception in the worker, one that throws included.
 */
@Timeout(120)
class WorkerHooksTest
{
    @TempDir
    Path dir;

    @Test
    void initializerResourcesAndExceptionHandler() throws Exception
    {
        final Path closed = dir.resolve("closed.txt");
        try (Pool pool = Pool.builder().processes(2).initializer(Functions.ContextInitializer.class)
            .sharedCounter("initialized").exceptionHandler(Functions.CountingExceptionHandler.class)
            .workerJvmOption("-Dflotilla.test.closedFile=" + closed)
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            assertEquals(2, pool.sharedCounter("initialized").get(), "each worker's initializer counted itself in a " +
                "counter declared on the builder");
            final SharedCounter handled = pool.sharedCounter("handled");
            final List<String> reports = pool.map(Functions.HookReport.class,
                IntStream.range(0, 200).boxed().toList(), 1);
            final Set<String> sessionsBySlot = new HashSet<>();
            for (final String report : reports)
            {
                final String[] parts = report.split("/");
                assertEquals(parts[0], parts[1], "the initializer saw its worker's slot: " + report);
                assertEquals("1", parts[2], "one Session per worker JVM, the initializer's: " + report);
                sessionsBySlot.add(parts[1] + "/" + parts[3]);
            }
            assertEquals(2, sessionsBySlot.size(), "each of the 2 workers shares one session: " + sessionsBySlot);

            for (final String message : List.of("a", "rude", "c"))
            {
                final CompletionException failed = assertThrows(CompletionException.class,
                    () -> pool.submit(Functions.Fail.class, message).join());
                assertTrue(failed.getCause() instanceof RemoteTaskException, "the task's own exception: " + failed);
            }
            assertEquals(3, handled.get(), "the handler heard of each, before the answer went back");
            assertEquals(0, pool.submit(Functions.Square.class, 0).join(), "a handler that threw harmed nothing");
        }
        Await.until(() -> 2 == lines(closed).size(), Duration.ofSeconds(30),
            () -> "each worker closed its session as it left: " + lines(closed));
        assertEquals(Set.of("closed slot=1", "closed slot=2"), new HashSet<>(lines(closed)));
    }

    private static List<String> lines(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
