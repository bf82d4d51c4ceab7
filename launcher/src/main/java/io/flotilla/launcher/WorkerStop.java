package io.flotilla.launcher;

import java.util.concurrent.TimeUnit;

/**
 * Stops a pool's worker processes: waits for them to leave by themselves, then asks them to (SIGTERM), then kills
 * them (SIGKILL), and returns once all are gone and their output is in their logs.
 */
final class WorkerStop
{
    private static final long DESTROY_GRACE_NS = TimeUnit.SECONDS.toNanos(1);

    private WorkerStop()
    {
    }

    /** Waits up to {@code graceNs} in all for the workers to exit (the parent told them to finish), then destroys. */
    static void stop(final WorkerSlot[] slots, final long graceNs)
    {
        final long deadlineNs = System.nanoTime() + graceNs; // bounds real waits on processes, decides nothing else
        for (final WorkerSlot slot : slots)
        {
            if (null != slot.process())
            {
                slot.process().waitFor(Math.max(0, deadlineNs - System.nanoTime()));
            }
        }
        destroy(slots);
    }

    /** Destroys every worker, forcibly those still there after a second, and waits for their output. */
    static void destroy(final WorkerSlot[] slots)
    {
        for (final WorkerSlot slot : slots)
        {
            if (null != slot.process())
            {
                slot.process().destroy();
            }
        }
        for (final WorkerSlot slot : slots)
        {
            if (null != slot.process() && !slot.process().waitFor(DESTROY_GRACE_NS))
            {
                slot.process().kill();
            }
        }
        for (final WorkerSlot slot : slots)
        {
            if (null != slot.process())
            {
                slot.process().awaitOutput();
            }
        }
    }
}
