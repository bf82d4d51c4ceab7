package io.flotilla;

import io.flotilla.spi.WorkerBinding;

/**
 * What a task (or the pool's {@link WorkerInitializer}) can reach of the worker JVM it runs in: its slot, the pool's
 * shared counters, and resources that live as long as the worker.
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

    /**
     * A long-lived resource of this worker JVM, made once and shared by every task it runs (an HTTP client, a
     * connection pool, a parser): the first call makes it with {@code create}, later ones return the same object.
     * One per type; wrap in a holder type of your own for two of a kind. It must be thread-safe, as tasks run at once.
     * One that is {@link AutoCloseable} is closed when the worker leaves (retires, or its pool closes), newest first.
     * Usable from a {@link WorkerInitializer} too.
     *
     * @throws IllegalStateException outside a Flotilla worker JVM.
     */
    public static <T> T resource(final Class<T> type, final java.util.function.Supplier<? extends T> create)
    {
        requireWorker();
        return WorkerBinding.resource(type, create);
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
