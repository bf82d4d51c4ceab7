package io.flotilla;

import io.flotilla.ipc.CountersFile;

/**
 * What task code can ask about the worker it runs in. Only inside a worker JVM; elsewhere every method throws
 * {@link IllegalStateException}.
 */
public final class WorkerContext
{
    private static volatile CountersFile counters;
    private static volatile int slot;

    private WorkerContext()
    {
    }

    /** For the worker runtime: binds this JVM to its pool. */
    public static void bind(final CountersFile workerCounters, final int workerSlot)
    {
        counters = workerCounters;
        slot = workerSlot;
    }

    /** @return this worker's slot (1-based). */
    public static int slot()
    {
        requireWorker();
        return slot;
    }

    /**
     * @param name a counter the parent created with {@link Pool#sharedCounter}.
     * @return the counter, shared with the parent and every other worker.
     * @throws IllegalArgumentException when the parent has not created it.
     */
    public static SharedCounter sharedCounter(final String name)
    {
        final CountersFile file = requireWorker();
        final int index = file.findShared(name);
        if (index < 0)
        {
            throw new IllegalArgumentException("no shared counter with that name, create it in the parent with " +
                "pool.sharedCounter(name) first: name=" + name);
        }
        return new SharedCounter(file, index, name);
    }

    private static CountersFile requireWorker()
    {
        final CountersFile file = counters;
        if (null == file)
        {
            throw new IllegalStateException("not in a Flotilla worker JVM");
        }
        return file;
    }
}
