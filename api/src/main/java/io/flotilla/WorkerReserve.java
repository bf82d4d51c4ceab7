package io.flotilla;

import io.flotilla.spi.PoolEngines;

/**
 * Worker JVMs started ahead of need. A worker JVM takes most of a second to start here (the JVM, then Chronicle's
 * first queue); a reserve starts some now, lets them warm up and wait, and a pool built with
 * {@link PoolConfig.Builder#workerReserve(WorkerReserve)} takes them as its workers, ready in tens of milliseconds.
 * The same pool's dead, hung or retired workers are replaced from the reserve too. Taken JVMs are replaced in the
 * background once the pool that took them is ready, so the next pool finds a full reserve again.
 * <p>
 * A spare only becomes a worker of a pool whose workers run the same JVM: java binary, class path, JVM options and
 * {@code flotilla.*} properties, serialization allowlist. Pools may differ in everything the workers are told when
 * they join (childConcurrency, idle mode, initializer, maxTasksPerChild, payload size, queue count). Waiting spares
 * cost what an idle worker costs (memory, and about a percent of a core each); they exit within a second of this
 * process's death, and {@link #close()} stops them. Close the reserve after the pools that use it, or before: a
 * taken JVM belongs to its pool.
 * <pre>{@code
 * PoolConfig.Builder builder = Pool.builder().processes(2);
 * try (WorkerReserve reserve = WorkerReserve.start(builder.config(), 2))   // at service start
 * {
 *     try (Pool pool = builder.workerReserve(reserve).build())             // later, on demand: fast
 *     {
 *         ...
 *     }
 * }
 * }</pre>
 */
public interface WorkerReserve extends AutoCloseable
{
    /** Most spares one reserve keeps. */
    int MAX_SPARES = 256;

    /**
     * Starts {@code spares} worker JVMs for pools of this configuration and returns without waiting for them.
     *
     * @param config the workers' settings; the reserve's files go under its {@link PoolConfig#base()}.
     * @param spares how many JVMs to keep waiting, 1 to {@value #MAX_SPARES}.
     * @return the reserve, its JVMs starting.
     * @throws IllegalArgumentException naming the count when it is out of range.
     */
    static WorkerReserve start(final PoolConfig config, final int spares)
    {
        if (null == config)
        {
            throw new IllegalArgumentException("config must be set: config=null");
        }
        if (spares < 1 || spares > MAX_SPARES)
        {
            throw new IllegalArgumentException("spares must be 1.." + MAX_SPARES + ": spares=" + spares);
        }
        return PoolEngines.engine().startReserve(config, spares);
    }

    /** @return how many JVMs this reserve keeps waiting. */
    int spares();

    /** @return JVMs waiting now, including ones still warming up. */
    int available();

    /** @return JVMs warm and waiting: each becomes a ready worker in milliseconds. */
    int warm();

    /** @return the directory of the reserve's files (under the configuration's base), removed by {@link #close()}. */
    java.nio.file.Path directory();

    /** @return whether pools of this configuration can take this reserve's JVMs. */
    boolean fits(PoolConfig config);

    /** Stops the JVMs still waiting and removes the reserve's files. */
    @Override
    void close();
}
