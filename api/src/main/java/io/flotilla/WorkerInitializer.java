package io.flotilla;

/**
 * Runs once in each worker JVM, before the worker takes its first task (and again in every replacement worker), with
 * the worker already in its pool: {@link WorkerContext} works in it (its slot, shared counters, and
 * {@link WorkerContext#resource} to make the worker's long-lived resources). A public class with a public
 * no-argument constructor on the workers' class path. If it throws, the worker does not start; the error and the
 * worker's output reach the parent.
 */
@FunctionalInterface
public interface WorkerInitializer
{
    void initialize() throws Exception;
}
