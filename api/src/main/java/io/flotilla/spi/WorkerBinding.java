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
    /** Per-worker resources of {@link io.flotilla.WorkerContext#resource}, in creation order. */
    private static final java.util.concurrent.ConcurrentHashMap<Class<?>, Object> RESOURCES =
        new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.List<Object> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

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

    /** @return this worker's resource of that type, created by {@code create} on first use. */
    public static <T> T resource(final Class<T> type, final java.util.function.Supplier<? extends T> create)
    {
        final Object resource = RESOURCES.computeIfAbsent(type, key ->
        {
            final T created = java.util.Objects.requireNonNull(create.get(), () -> "resource created null: type=" +
                type.getName());
            CREATED.add(created);
            return created;
        });
        return type.cast(resource);
    }

    /**
     * Closes the resources that are {@link AutoCloseable}, newest first, as the worker leaves; one that fails to close
     * is reported to {@code onError} and the others still close.
     */
    public static void closeResources(final java.util.function.BiConsumer<Object, Exception> onError)
    {
        final java.util.List<Object> created = new java.util.ArrayList<>(CREATED);
        java.util.Collections.reverse(created);
        CREATED.clear();
        RESOURCES.clear();
        for (final Object resource : created)
        {
            if (resource instanceof AutoCloseable closeable)
            {
                try
                {
                    closeable.close();
                }
                catch (final Exception ex)
                {
                    onError.accept(resource, ex);
                }
            }
        }
    }
}
