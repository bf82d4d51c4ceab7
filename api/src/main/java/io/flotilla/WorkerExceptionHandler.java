package io.flotilla;

/**
 * Told in the worker JVM about every exception a task throws, before the exception goes back to the parent as a
 * {@link RemoteTaskException}: for logging or reporting where the failure happened (the aiomultiprocess
 * {@code exception_handler}). A public class with a public no-argument constructor on the workers' class path, made
 * once per worker; called on the thread that ran the task, so it must be quick and thread-safe. What it throws is
 * logged in the worker and otherwise ignored.
 */
@FunctionalInterface
public interface WorkerExceptionHandler
{
    /**
     * @param function the task's class name.
     * @param error    what the task threw (for a chunk, one call per failed item).
     */
    void onException(String function, Throwable error);
}
