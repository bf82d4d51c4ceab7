package io.flotilla.core;

import io.flotilla.PoolConfig;
import io.flotilla.WorkerReserve;
import io.flotilla.launcher.SpareWorkers;

/**
 * A {@link WorkerReserve} of the launcher's spare JVMs; a local pool built with it takes its workers from them.
 */
final class LocalWorkerReserve implements WorkerReserve
{
    private final SpareWorkers spares;

    LocalWorkerReserve(final SpareWorkers spares)
    {
        this.spares = spares;
    }

    /** @return the launcher's spares behind this reserve, which a pool's launcher takes its workers from. */
    SpareWorkers spareWorkers()
    {
        return spares;
    }

    @Override
    public int spares()
    {
        return spares.count();
    }

    @Override
    public int available()
    {
        return spares.available();
    }

    @Override
    public int warm()
    {
        return spares.warm();
    }

    @Override
    public java.nio.file.Path directory()
    {
        return spares.directory();
    }

    @Override
    public boolean fits(final PoolConfig config)
    {
        return spares.fits(LocalPool.launchConfig(config));
    }

    @Override
    public void close()
    {
        spares.close();
    }

    @Override
    public String toString()
    {
        return "WorkerReserve{spares=" + spares.count() + ", directory=" + spares.directory() + "}";
    }
}
