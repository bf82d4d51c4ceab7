package io.flotilla;

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
}
