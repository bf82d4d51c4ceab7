package io.flotilla.core;

import io.flotilla.Pool;
import io.flotilla.PoolConfig;
import io.flotilla.WorkerReserve;
import io.flotilla.launcher.SpareWorkers;
import io.flotilla.protocol.JvmAccessCheck;
import io.flotilla.protocol.NoPhoneHome;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.PoolIds;
import io.flotilla.spi.PoolEngine;

import java.nio.file.Path;

/**
 * The engine of pools on this machine: worker JVMs fed through memory-mapped queues. Found by the API through
 * {@link java.util.ServiceLoader}.
 */
public final class LocalPoolEngine implements PoolEngine
{
    @Override
    public void beforeFirstUse()
    {
        NoPhoneHome.ensure();
    }

    @Override
    public void checkJvm()
    {
        JvmAccessCheck.require();
    }

    @Override
    public Path defaultBase()
    {
        return PoolDirectory.defaultBase();
    }

    @Override
    public String newPoolId()
    {
        return PoolIds.newId("pool");
    }

    @Override
    public Pool start(final PoolConfig config)
    {
        return LocalPool.start(config);
    }

    @Override
    public WorkerReserve startReserve(final PoolConfig config, final int spares)
    {
        return new LocalWorkerReserve(SpareWorkers.start(LocalPool.launchConfig(config), spares, config.base()));
    }
}
