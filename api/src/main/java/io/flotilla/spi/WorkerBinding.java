package io.flotilla.spi;

import io.flotilla.SharedCounter;

/**
 * What a worker JVM offers its tasks through {@link io.flotilla.WorkerContext}; the worker binds it once it has joined
 * its pool. Not for applications.
 */
public final class WorkerBinding
{
    /** The worker's side of {@link io.flotilla.WorkerContext}. */
    public interface Services
    {
        /** @return the worker's slot in its pool. */
        int slot();

        /**
         * @return the pool's shared counter of that name.
         * @throws IllegalArgumentException naming it when the parent has not created it.
         */
        SharedCounter sharedCounter(String name);
    }

    private static volatile Services services;

    private WorkerBinding()
    {
    }

    /** Binds this JVM's worker services; called once by the worker main loop. */
    public static void bind(final Services workerServices)
    {
        services = workerServices;
    }

    /** @return the bound services, or null outside a worker JVM. */
    public static Services current()
    {
        return services;
    }
}
