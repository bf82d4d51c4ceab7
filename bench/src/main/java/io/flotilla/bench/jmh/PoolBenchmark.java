package io.flotilla.bench.jmh;

import io.flotilla.Pool;
import io.flotilla.examples.DemoFunctions.NoOp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The path the product runs, end to end, on real worker JVMs: a no-op {@code submit(...).join()} and a map of one
 * 256-item chunk. Run with {@code -prof gc} for the parent's bytes allocated per operation ({@code
 * gc.alloc.rate.norm}); the workers' allocation is not in it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = "@jvm.flags")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PoolBenchmark
{
    @Param({"1"})
    public int processes;

    private final List<Integer> chunk = IntStream.range(0, 256).boxed().toList();
    private Pool pool;

    @Setup(Level.Trial)
    public void startPool()
    {
        pool = Pool.builder().processes(processes).workerOutputLevel(System.Logger.Level.OFF).build();
    }

    @TearDown(Level.Trial)
    public void closePool()
    {
        pool.close();
    }

    @Benchmark
    public Integer submitJoin()
    {
        return pool.<Integer, Integer>submit(NoOp.class, 1).join();
    }

    @Benchmark
    @OperationsPerInvocation(256)
    public List<Integer> mapOneChunkOf256()
    {
        return pool.map(NoOp.class, chunk, 256);
    }
}
