package io.flotilla.launcher;

/**
 * Starts a worker in a slot: the pool's start and the supervisor's restarts go through one of these, so the
 * supervisor can be driven with fake workers.
 */
@FunctionalInterface
interface WorkerStarter
{
    /**
     * Starts a worker in the slot and records it there ({@link WorkerSlot#started}); does not wait for it to be ready.
     *
     * @throws WorkerStartException when no process could be started.
     */
    void start(WorkerSlot slot);
}
