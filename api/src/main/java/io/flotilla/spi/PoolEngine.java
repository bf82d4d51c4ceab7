package io.flotilla.spi;

import io.flotilla.Pool;
import io.flotilla.PoolConfig;
import io.flotilla.WorkerReserve;

import java.nio.file.Path;

/**
 * What runs a {@link Pool}: the API asks the one engine on the class path (found with {@link java.util.ServiceLoader},
 * see {@link PoolEngines}) for everything that needs the transport or worker JVMs. {@code flotilla-core} provides the
 * local engine. Not for applications: they use {@link Pool#builder()}.
 */
public interface PoolEngine
{
    /**
     * Runs before any class of the engine touches a dependency: switches off what would phone home. Must not load
     * Chronicle or Hazelcast itself.
     */
    void beforeFirstUse();

    /**
     * Fails when this JVM lacks what the engine needs (opens and exports), naming what is missing and how to pass it.
     */
    void checkJvm();

    /** @return where pool directories go when the configuration names no base: a directory private to this user. */
    Path defaultBase();

    /** @return a new pool id, unique on this machine and hard to guess. */
    String newPoolId();

    /** @return the pool of this validated configuration, its workers ready. */
    Pool start(PoolConfig config);

    /** @return a reserve of {@code spares} worker JVMs for pools of this configuration, warming up. */
    WorkerReserve startReserve(PoolConfig config, int spares);
}
