package io.flotilla.examples;

import io.flotilla.AsyncTask;
import io.flotilla.Task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The functions {@code flotilla demo} runs in its workers. */
public final class DemoFunctions
{
    private DemoFunctions()
    {
    }

    /** CPU-bound: counts the primes in [from, to) by trial division. */
    public static final class CountPrimes implements Task<Object[], Integer>
    {
        @Override
        public Integer apply(final Object[] range)
        {
            return countPrimes((Long)range[0], (Long)range[1]);
        }
    }

    /** I/O-bound stand-in: completes after the given milliseconds without holding a thread. */
    public static final class FakeIo implements AsyncTask<Integer, Integer>
    {
        @Override
        public CompletionStage<Integer> apply(final Integer millis)
        {
            return CompletableFuture.supplyAsync(() -> millis, CompletableFuture.delayedExecutor(
                millis, TimeUnit.MILLISECONDS));
        }
    }

    /** Returns its argument: the round trip with no work. */
    public static final class NoOp implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer x)
        {
            return x;
        }
    }

    public static int countPrimes(final long from, final long to)
    {
        int count = 0;
        for (long n = Math.max(2, from); n < to; n++)
        {
            boolean prime = true;
            for (long d = 2; d * d <= n; d++)
            {
                if (n % d == 0)
                {
                    prime = false;
                    break;
                }
            }
            if (prime)
            {
                count++;
            }
        }
        return count;
    }
}
