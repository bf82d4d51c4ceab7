package io.flotilla;

import io.flotilla.spi.WorkerBinding;

/**
 * What a task can reach of the worker JVM it runs in: its slot, and the pool's shared counters.
 */
public final class WorkerContext
{
    private WorkerContext()
    {
    }

    /**
     * @return this worker's slot (1-based).
     * @throws IllegalStateException outside a Flotilla worker JVM.
     */
    public static int slot()
    {
        return requireWorker().slot();
    }

    /**
     * @return the pool's shared counter of that name, created in the parent with {@link Pool#sharedCounter(String)}.
     * @throws IllegalArgumentException naming it when the parent has not created it.
     * @throws IllegalStateException outside a Flotilla worker JVM.
     */
    public static SharedCounter sharedCounter(final String name)
    {
        return requireWorker().sharedCounter(name);
    }

    private static WorkerBinding.Services requireWorker()
    {
        final WorkerBinding.Services services = WorkerBinding.current();
        if (null == services)
        {
            throw new IllegalStateException("not in a Flotilla worker JVM");
        }
        return services;
    }
}
