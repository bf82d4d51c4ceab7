package io.flotilla;

import io.flotilla.testkit.CheckLeaksPerClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Method references and lambdas as tasks, run in real worker JVMs: their shape crosses once, captured values go
 * through the codecs, and what the workers could not run is refused at submit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
@CheckLeaksPerClass("the tests share one pool")
class LambdaTaskTest
{
    private static final long WAIT_SECONDS = 30;

    private Pool pool;

    /** A bound method reference's receiver: a record, so the record codec carries it. */
    public record Pricer(double rate)
    {
        /** @return the price at this rate. */
        public double reprice(final double price)
        {
            return price * rate;
        }
    }

    /** A function of a named class: no lambda, so refused. */
    static final class Named implements TaskFunction<Integer, Integer>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer apply(final Integer argument)
        {
            return argument;
        }
    }

    /** A type no codec takes. */
    static final class Opaque
    {
        final int value = 3;
    }

    static int square(final int x)
    {
        return x * x;
    }

    @BeforeAll
    void startPool()
    {
        pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build();
    }

    @AfterAll
    void closePool()
    {
        pool.close();
    }

    @Test
    void staticMethodReference()
    {
        assertEquals(49, await(pool.submit(LambdaTaskTest::square, 7)));
        assertEquals(64, await(pool.submit(LambdaTaskTest::square, 8, Duration.ofSeconds(WAIT_SECONDS))));
    }

    @Test
    void boundMethodReferenceCarriesItsRecordReceiver()
    {
        final Pricer half = new Pricer(0.5);
        final Pricer twice = new Pricer(2.0);
        assertEquals(5.0, await(pool.submit(half::reprice, 10.0)));
        assertEquals(20.0, await(pool.submit(twice::reprice, 10.0)), "the same lambda class, another receiver");
    }

    @Test
    void unboundInstanceMethodReference()
    {
        assertEquals(8, await(pool.submit(String::length, "flotilla")));
    }

    @Test
    void lambdaCapturingAnIntAndAString()
    {
        final int base = 10;
        final String prefix = "n=";
        final TaskFunction<Integer, String> label = x -> prefix + (x + base);
        assertEquals("n=15", await(pool.submit(label, 5)));
        for (int i = 0; i < 50; i++)
        {
            final int offset = i;
            assertEquals(offset + 1, await(pool.submit((Integer x) -> x + offset, 1)), "each task its own capture");
        }
    }

    @Test
    void asyncLambdaReturningACompletableFuture()
    {
        final AsyncTaskFunction<Integer, Integer> triple = x -> CompletableFuture.supplyAsync(() -> x * 3);
        assertEquals(21, await(pool.submitAsync(triple, 7)));
        final int add = 4;
        final AsyncTaskFunction<Integer, Integer> plus = x -> CompletableFuture.completedFuture(x + add);
        assertEquals(11, await(pool.submitAsync(plus, 7, Duration.ofSeconds(WAIT_SECONDS))));
    }

    @Test
    void mapAndImapWithMethodReferencesAndCapturingLambdas()
    {
        final List<Integer> items = IntStream.rangeClosed(1, 100).boxed().toList();
        final List<Integer> squares = items.stream().map(x -> x * x).toList();
        assertEquals(squares, pool.map(LambdaTaskTest::square, items));
        final int scale = 3;
        assertEquals(items.stream().map(x -> x * scale).toList(), pool.map((Integer x) -> x * scale, items, 7));
        final List<Integer> streamed = new ArrayList<>();
        final Iterator<Integer> results = pool.imap(LambdaTaskTest::square, items, 9);
        results.forEachRemaining(streamed::add);
        assertEquals(squares, streamed);
        final List<Integer> unordered = new ArrayList<>();
        pool.imapUnordered((Integer x) -> x * scale, items, 11).forEachRemaining(unordered::add);
        unordered.sort(null);
        assertEquals(items.stream().map(x -> x * scale).toList(), unordered);
        try (Stream<Integer> stream = pool.imapStream(LambdaTaskTest::square, items, 13, true))
        {
            assertEquals(squares, stream.toList());
        }
    }

    @Test
    void aLambdaCapturingAValueNoCodecTakesIsRefusedNamingItsIndexAndType()
    {
        final Thread thread = Thread.currentThread();
        final String name = String.valueOf(thread.threadId());
        final TaskFunction<Integer, Integer> withThread = x -> x + name.length() + thread.getName().length();
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> pool.submit(withThread, 1));
        assertTrue(ex.getMessage().matches(".*captured=[01], type=java\\.lang\\.Thread, .*"), ex.getMessage());
        final Opaque opaque = new Opaque();
        final IllegalArgumentException inMap = assertThrows(IllegalArgumentException.class,
            () -> pool.map((Integer x) -> x + opaque.value, List.of(1, 2)));
        assertTrue(inMap.getMessage().contains("captured=0, type=" + Opaque.class.getName()), inMap.getMessage());
        assertEquals(49, await(pool.submit(LambdaTaskTest::square, 7)), "the pool goes on");
    }

    @Test
    void aFunctionThatIsNoLambdaIsRefused()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> pool.submit(new Named(), 1));
        assertTrue(ex.getMessage().contains("no serializable lambda or method reference: function=" +
            Named.class.getName()), ex.getMessage());
    }

    @Test
    void aLambdaOfAClassTheWorkersCannotLoadIsRefused() throws Exception
    {
        final String original = LambdaTaskElsewhere.class.getName();
        final String renamed = original.substring(0, original.length() - 1) + "X";
        @SuppressWarnings("unchecked")
        final TaskFunction<Integer, Integer> plusOne = (TaskFunction<Integer, Integer>)renamedCopy(original, renamed)
            .getMethod("plusOne").invoke(null);
        assertEquals(2, plusOne.apply(1), "the copy runs here");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> pool.submit(plusOne, 1));
        assertTrue(ex.getMessage().contains("the workers cannot load the lambda's class") &&
            ex.getMessage().contains("capturingClass=" + renamed), ex.getMessage());
    }

    @Test
    void aLambdaTheWorkersCannotRemakeFailsItsTasksWithARemoteTaskException(@TempDir final Path workerClasses)
        throws Exception
    {
        final String original = LambdaTaskElsewhere.class.getName();
        final String renamed = original.substring(0, original.length() - 1) + "X";
        @SuppressWarnings("unchecked")
        final TaskFunction<Integer, Integer> plusOne = (TaskFunction<Integer, Integer>)renamedCopy(original, renamed)
            .getMethod("plusOne").invoke(null);
        // the workers' copy of the class has the lambda's name but none of its lambdas
        final Path file = workerClasses.resolve(renamed.replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, renamedBytes(LambdaTaskNoLambdas.class.getName(), renamed));
        try (Pool other = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF)
            .workerClassPath(workersClassPath(workerClasses)).build())
        {
            final CompletionException ex = assertThrows(CompletionException.class,
                () -> other.submit(plusOne, 1).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join());
            final RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, ex.getCause());
            assertTrue(remote.remoteMessage().contains("cannot remake lambda in worker: function=" + renamed),
                remote.remoteMessage());
            assertEquals(49, await(other.submit(LambdaTaskTest::square, 7)), "the pool goes on");
        }
    }

    @Test
    void aLambdaThatThrowsFailsWithARemoteTaskException()
    {
        final TaskFunction<Integer, Integer> fails = x ->
        {
            throw new IllegalStateException("bad x=" + x);
        };
        final CompletionException ex = assertThrows(CompletionException.class,
            () -> pool.submit(fails, 3).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join());
        final RemoteTaskException remote = assertInstanceOf(RemoteTaskException.class, ex.getCause());
        assertEquals(IllegalStateException.class.getName(), remote.remoteClassName());
        assertTrue(remote.remoteMessage().startsWith("bad x=3"), remote.remoteMessage());
        final int limit = 2;
        final RemoteTaskException fromMap = assertThrows(RemoteTaskException.class, () -> pool.map((Integer x) ->
        {
            if (x > limit)
            {
                throw new IllegalArgumentException("over limit=" + limit);
            }
            return x;
        }, List.of(1, 2, 3)));
        assertTrue(fromMap.remoteMessage().startsWith("over limit=2"), fromMap.remoteMessage());
    }

    private static <R> R await(final CompletableFuture<R> future)
    {
        return future.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** @return this JVM's class path, then the directory. */
    private static List<Path> workersClassPath(final Path directory)
    {
        final List<Path> entries = new ArrayList<>();
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            entries.add(Path.of(entry));
        }
        entries.add(directory);
        return entries;
    }

    /** @return the class file of the class, every mention of its name replaced by another of the same length. */
    private static byte[] renamedBytes(final String name, final String renamed) throws IOException
    {
        final byte[] bytes;
        try (InputStream in = LambdaTaskTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class"))
        {
            bytes = in.readAllBytes();
        }
        final byte[] from = name.replace('.', '/').getBytes(StandardCharsets.US_ASCII);
        final byte[] to = renamed.replace('.', '/').getBytes(StandardCharsets.US_ASCII);
        assertEquals(from.length, to.length, "a rename in place keeps the constant pool's lengths");
        for (int i = 0; i + from.length <= bytes.length; i++)
        {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length))
            {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
        return bytes;
    }

    /** @return a copy of the class under another name of the same length, defined by a loader of its own. */
    private static Class<?> renamedCopy(final String name, final String renamed) throws IOException,
        ClassNotFoundException
    {
        final byte[] bytes = renamedBytes(name, renamed);
        final ClassLoader loader = new ClassLoader(LambdaTaskTest.class.getClassLoader())
        {
            @Override
            protected Class<?> findClass(final String wanted) throws ClassNotFoundException
            {
                if (!renamed.equals(wanted))
                {
                    throw new ClassNotFoundException(wanted);
                }
                return defineClass(wanted, bytes, 0, bytes.length);
            }
        };
        return loader.loadClass(renamed);
    }
}
