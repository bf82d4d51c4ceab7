package io.flotilla.core;

import io.flotilla.PoolConfig;
import io.flotilla.launcher.LaunchConfig;
import io.flotilla.launcher.SpareWorkers;
import io.flotilla.protocol.WorkerSettings;
import io.flotilla.worker.WorkerMain;

/**
 * How a pool's worker JVMs start: their command line from the configuration, and the spares they may come from.
 */
final class WorkerLaunches
{
    private WorkerLaunches()
    {
    }

    /** @return what the pool tells its workers through its directory ({@link WorkerSettings#FILE}). */
    static WorkerSettings workerSettings(final PoolConfig config)
    {
        return new WorkerSettings(config.childConcurrency(), config.idleMode(), config.maxTasksPerChild(),
            null == config.initializer() ? null : config.initializer().getName(), config.ringCapacity(),
            null == config.exceptionHandler() ? null : config.exceptionHandler().getName());
    }

    /** @return the spares of the configuration's reserve, or null when it names none. */
    static SpareWorkers reserveSpares(final PoolConfig config)
    {
        if (null == config.workerReserve())
        {
            return null;
        }
        if (!(config.workerReserve() instanceof LocalWorkerReserve reserve))
        {
            throw new IllegalArgumentException("workerReserve is not a reserve of local worker JVMs: workerReserve=" +
                config.workerReserve());
        }
        return reserve.spareWorkers();
    }

    /**
     * @return how this configuration's worker JVMs are launched; the AOT training command uses it too, so the cache it
     * trains fits the workers.
     */
    static LaunchConfig launchConfig(final PoolConfig config)
    {
        final LaunchConfig.Builder launch = LaunchConfig.builder(WorkerMain.class.getName())
            .workers(config.processes())
            .readyTimeout(config.readyTimeout())
            .outputLevel(config.workerOutputLevel())
            .classPath(WorkerClassPath.resolve(config));
        // the pool's tuning properties (idle strategy, queue lock timeout, ...) set on the parent hold in its workers
        // too; the user's own worker options come after, so they win
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("flotilla.")).sorted()
            .forEach(name -> launch.jvmOption("-D" + name + "=" + System.getProperty(name)));
        config.workerJvmOptions().forEach(launch::jvmOption);
        if (null != config.serializationAllowlist())
        {
            launch.jvmOption("-D" + JavaSerialization.ALLOWLIST_PROPERTY + "=" + config.serializationAllowlist());
        }
        return launch.build();
    }

}
