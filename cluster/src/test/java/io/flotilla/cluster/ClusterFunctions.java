package io.flotilla.cluster;

import io.flotilla.AsyncTask;
import io.flotilla.Task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Functions the cluster tests run on nodes (the node JVMs get the test class path). */
public final class ClusterFunctions
{
    private ClusterFunctions()
    {
    }

    public static final class Square implements Task<Integer, Long>
    {
        @Override
        public Long apply(final Integer value)
        {
            return (long)value * value;
        }
    }

    /** Sleeps a millisecond, then squares: slow enough that a node dies with chunks in flight. */
    public static final class SlowSquare implements Task<Integer, Long>
    {
        @Override
        public Long apply(final Integer value) throws InterruptedException
        {
            Thread.sleep(1);
            return (long)value * value;
        }
    }

    /** Throws from a nested call, so the test can find the worker's frames in the stack. */
    public static final class Fail implements Task<Integer, Integer>
    {
        @Override
        public Integer apply(final Integer value)
        {
            return deeper(value);
        }

        private static int deeper(final int value)
        {
            if (value % 7 == 3)
            {
                throw new IllegalStateException("refused value=" + value,
                    new ArithmeticException("root cause of value=" + value));
            }
            return value;
        }
    }

    /** The pid of the worker JVM that ran the task. */
    public static final class WorkerPid implements Task<Integer, Long>
    {
        @Override
        public Long apply(final Integer ignored)
        {
            return ProcessHandle.current().pid();
        }
    }

    /** Waits without a thread, then doubles. */
    public static final class LaterDouble implements AsyncTask<Integer, Integer>
    {
        @Override
        public CompletionStage<Integer> apply(final Integer value)
        {
            return CompletableFuture.supplyAsync(() -> 2 * value,
                CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
        }
    }
}
