package io.flotilla.core;

/**
 * Stops a submitted task whose future was cancelled: the pool sends a cancel record to the worker that holds (or will
 * claim) it. Called on the thread that cancels the future.
 */
@FunctionalInterface
interface TaskCanceller
{
    /**
     * @param taskId    the task's id; nothing happens when it has ended.
     * @param interrupt whether a running task is interrupted ({@code cancel(true)}), or only kept from starting.
     */
    void cancel(long taskId, boolean interrupt);
}
