package io.flotilla.testkit;

import io.flotilla.AsyncTask;
import io.flotilla.Task;
import io.flotilla.WorkerContext;
import io.flotilla.WorkerInitializer;
import io.flotilla.SharedCounter;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Task functions the tests run in worker JVMs. */
public final class Functions
{
    private Functions()
    {
    }

    public static final class Square implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer x)
        {
            return x * x;
        }
    }

    public static final class SlowSquare implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer x) throws InterruptedException
        {
            Thread.sleep(5);
            return x * x;
        }
    }

    public static final class Add implements Task<Object[], Long>
    {
        @Override
        public Long apply(final Object[] args)
        {
            return ((Number)args[0]).longValue() + ((Number)args[1]).longValue();
        }
    }

    public static final class Echo implements Task<Object, Object>
    {
        @Override
        public Object apply(final Object value)
        {
            return value;
        }
    }

    public static final class Fail implements Task<String, Object>
    {
        @Override
        public Object apply(final String message) throws Exception
        {
            try
            {
                throw new IOException("disk says no");
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("boom: " + message, ex);
            }
        }
    }

    /** Sleeps asynchronously; returns the most tasks it saw running at once in this worker JVM. */
    public static final class ConcurrentSleep implements AsyncTask<Integer, Integer>
    {
        static final AtomicInteger RUNNING = new AtomicInteger();
        static final AtomicInteger MAX = new AtomicInteger();

        @Override
        public CompletionStage<Integer> apply(final Integer millis)
        {
            final int now = RUNNING.incrementAndGet();
            MAX.accumulateAndGet(now, Math::max);
            return CompletableFuture.supplyAsync(() ->
            {
                RUNNING.decrementAndGet();
                return MAX.get();
            }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
        }
    }

    /** Sleeps the given milliseconds; an interrupt ends it. */
    public static final class Sleep implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer millis) throws InterruptedException
        {
            Thread.sleep(millis);
            return millis;
        }
    }

    /** Spins the given milliseconds and ignores interrupts: a task that will not give its thread back. */
    public static final class Stubborn implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer millis)
        {
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            long spins = 0;
            while (System.nanoTime() < end)
            {
                spins++;
            }
            return (int)Math.min(Integer.MAX_VALUE, spins);
        }
    }

    /** Adds 1 to the shared counter "started", then sleeps the given milliseconds; an interrupt ends it. */
    public static final class CountedSleep implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer millis) throws InterruptedException
        {
            WorkerContext.sharedCounter("started").incrementAndGet();
            Thread.sleep(millis);
            return millis;
        }
    }

    /** Adds 1 to the shared counter "started", then spins the given milliseconds ignoring interrupts. */
    public static final class CountedStubborn implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer millis)
        {
            WorkerContext.sharedCounter("started").incrementAndGet();
            return new Stubborn().apply(millis);
        }
    }

    /** Adds 1 to the shared counter "started", then completes after the given milliseconds without a thread. */
    public static final class CountedAsyncSleep implements AsyncTask<Integer, Integer>
    {
        @Override
        public CompletionStage<Integer> apply(final Integer millis)
        {
            WorkerContext.sharedCounter("started").incrementAndGet();
            return new AsyncSleep().apply(millis);
        }
    }

    /** Completes after the given milliseconds without holding a thread. */
    public static final class AsyncSleep implements AsyncTask<Integer, Integer>
    {
        @Override
        public CompletionStage<Integer> apply(final Integer millis)
        {
            return CompletableFuture.supplyAsync(() -> millis,
                CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
        }
    }

    /** Returns the worker JVM's pid and a system property its initializer set. */
    public static final class WhoAmI implements Task<Integer, String>
    {
        @Override
        public String apply(final Integer ignored)
        {
            return ProcessHandle.current().pid() + " " + System.getProperty("initialized.by");
        }
    }

    /** Marks the worker JVM it ran in. */
    public static final class MarkWorker implements WorkerInitializer
    {
        @Override
        public void initialize()
        {
            System.setProperty("initialized.by", "MarkWorker");
        }
    }

    /** System property naming the file whose creation lets workers started with {@link HoldStart} get ready. */
    public static final String RELEASE_START_PROPERTY = "flotilla.test.releaseStart";

    /** Holds the worker before it is ready until the file named by {@link #RELEASE_START_PROPERTY} exists (60 s at most). */
    public static final class HoldStart implements WorkerInitializer
    {
        @Override
        public void initialize()
        {
            final java.nio.file.Path release = java.nio.file.Path.of(System.getProperty(RELEASE_START_PROPERTY));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!java.nio.file.Files.exists(release) && System.nanoTime() < deadline)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    /** Fails every worker start. */
    public static final class FailingInitializer implements WorkerInitializer
    {
        @Override
        public void initialize()
        {
            throw new IllegalStateException("no database here");
        }
    }

    /** Adds its argument to the shared counter "total" and returns the new total. */
    public static final class Tally implements Task<Integer, Long>
    {
        @Override
        public Long apply(final Integer x)
        {
            return WorkerContext.sharedCounter("total").addAndGet(x);
        }
    }

    /** Looks up a counter the parent never created. */
    public static final class UnknownCounter implements Task<Integer, Long>
    {
        @Override
        public Long apply(final Integer x)
        {
            return WorkerContext.sharedCounter("never-created").get();
        }
    }

    /**
     * Squares its argument, except for the task whose argument is the "fault-at" shared counter's value: the first
     * time that one runs anywhere it does the shared "fault" counter's fault (1 System.exit, 2 out of heap, 3 spins
     * forever ignoring interrupts).
     */
    public static final class Faulty implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer x) throws Exception
        {
            if (x == WorkerContext.sharedCounter("fault-at").get() &&
                WorkerContext.sharedCounter("fault-done").compareAndSet(0, 1))
            {
                switch ((int)WorkerContext.sharedCounter("fault").get())
                {
                    case 1 -> System.exit(7);
                    case 2 ->
                    {
                        final java.util.List<long[]> hog = new java.util.ArrayList<>();
                        while (true)
                        {
                            hog.add(new long[1 << 20]);
                        }
                    }
                    case 3 ->
                    {
                        // never returns and ignores interrupts: only killing the worker gets the thread back
                        while (x >= 0)
                        {
                            Thread.onSpinWait();
                        }
                    }
                    default ->
                    {
                    }
                }
            }
            Thread.sleep(2);
            return x * x;
        }
    }

    /** Returns a value no codec takes. */
    public static final class Unencodable implements Task<Integer, Object>
    {
        @Override
        public Object apply(final Integer x)
        {
            return new java.util.Date(x);
        }
    }

    /** The template of an exception class that, defined hidden in the worker, has no name the parent can load. */
    public static final class GhostTemplate extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        public GhostTemplate()
        {
            super("from a class the parent cannot load");
        }
    }

    /** Throws an exception whose class exists only in this worker JVM (a hidden class). */
    public static final class ThrowsGhost implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer x) throws Exception
        {
            try (java.io.InputStream in = GhostTemplate.class.getResourceAsStream("Functions$GhostTemplate.class"))
            {
                final Class<?> ghost = java.lang.invoke.MethodHandles.lookup()
                    .defineHiddenClass(in.readAllBytes(), true).lookupClass();
                throw (RuntimeException)ghost.getDeclaredConstructor().newInstance();
            }
        }
    }

    public abstract static class Abstract implements Task<Integer, Integer>
    {
    }

    public static final class PrivateConstructor implements Task<Integer, Integer>
    {
        private PrivateConstructor()
        {
        }

        @Override
        public Integer apply(final Integer x)
        {
            return x;
        }
    }

    public static final class ConstructorThrows implements Task<Integer, Integer>
    {
        public ConstructorThrows()
        {
            if (!Boolean.getBoolean("in.parent"))
            {
                throw new IllegalStateException("cannot start here");
            }
        }

        @Override
        public Integer apply(final Integer x)
        {
            return x;
        }
    }

    /** The worker's value of a system property. */
    public static final class WorkerProperty implements Task<String, String>
    {
        @Override
        public String apply(final String name)
        {
            return System.getProperty(name);
        }
    }

    /** Which POSIX binding Chronicle uses in the worker, and whether Chronicle's core has started there. */
    public static final class ChroniclePosixBinding implements Task<Integer, String>
    {
        @Override
        public String apply(final Integer ignored)
        {
            return net.openhft.posix.PosixAPI.posix().getClass().getSimpleName();
        }
    }

    /** Throws an exception whose accessors are hostile: mode 0 getMessage throws, 1 getStackTrace is null, 2 getCause throws, 3 a 1 MB message. */
    public static final class HostileException implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer mode)
        {
            throw switch (mode)
            {
                case 0 -> new RuntimeException()
                {
                    @Override
                    public String getMessage()
                    {
                        throw new IllegalStateException("message refused");
                    }
                };
                case 1 -> new RuntimeException("no stack")
                {
                    @Override
                    public StackTraceElement[] getStackTrace()
                    {
                        return null;
                    }
                };
                case 2 -> new RuntimeException("cause refused")
                {
                    @Override
                    public synchronized Throwable getCause()
                    {
                        throw new IllegalStateException("cause refused");
                    }
                };
                default -> new IllegalArgumentException("x".repeat(1 << 20));
            };
        }
    }

    /** Returns a String of the given length. */
    public static final class Text implements Task<Integer, String>
    {
        @Override
        public String apply(final Integer length)
        {
            return "y".repeat(length);
        }
    }

    /** Answers whether it ran on a virtual thread; sleeps the given milliseconds first. */
    public static final class RanOnVirtual implements Task<Integer, Boolean>
    {
        @Override
        public Boolean apply(final Integer sleepMillis)
        {
            if (sleepMillis > 0)
            {
                try
                {
                    Thread.sleep(sleepMillis);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            return Thread.currentThread().isVirtual();
        }
    }

    /** A per-worker resource: counts how many were made in this JVM, and appends its slot to a file when closed. */
    public static final class Session implements AutoCloseable
    {
        static final AtomicInteger MADE = new AtomicInteger();

        public Session()
        {
            MADE.incrementAndGet();
        }

        @Override
        public void close() throws IOException
        {
            final String file = System.getProperty("flotilla.test.closedFile");
            if (null != file)
            {
                java.nio.file.Files.writeString(java.nio.file.Path.of(file), "closed slot=" + WorkerContext.slot() +
                    "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        }
    }

    /** An initializer that uses the worker's context: notes its slot and makes the worker's {@link Session}. */
    public static final class ContextInitializer implements WorkerInitializer
    {
        static volatile int slotSeen;

        @Override
        public void initialize()
        {
            slotSeen = WorkerContext.slot();
            WorkerContext.resource(Session.class, Session::new);
            // declared on the builder, so it exists before this worker starts
            WorkerContext.sharedCounter("initialized").addAndGet(1);
        }
    }

    /** Answers "slot seen by the initializer / this worker's slot / Sessions made in this worker / session id". */
    public static final class HookReport implements Task<Integer, String>
    {
        @Override
        public String apply(final Integer ignored)
        {
            final Session session = WorkerContext.resource(Session.class, Session::new);
            return ContextInitializer.slotSeen + "/" + WorkerContext.slot() + "/" + Session.MADE.get() + "/" +
                System.identityHashCode(session);
        }
    }

    /** Counts the task exceptions it is told about in the shared counter "handled"; throws for a message "rude". */
    public static final class CountingExceptionHandler implements io.flotilla.WorkerExceptionHandler
    {
        @Override
        public void onException(final String function, final Throwable error)
        {
            WorkerContext.sharedCounter("handled").incrementAndGet();
            if (String.valueOf(error.getMessage()).contains("rude"))
            {
                throw new IllegalStateException("a handler that throws");
            }
        }
    }
}
