package io.flotilla;

/**
 * A function that runs in a worker JVM. Implementations are public classes with a public no-argument constructor,
 * on the workers' class path (by default the parent's); a worker creates one instance per function and calls it from
 * many virtual threads at once, so {@link #apply} must be thread-safe. Its name crosses to the workers once; tasks
 * then carry a small id.
 *
 * @param <A> argument type: a primitive wrapper, {@code String}, {@code byte[]}, or {@code Object[]} of those.
 * @param <R> result type, from the same set, or null.
 */
@FunctionalInterface
public interface Task<A, R>
{
    R apply(A argument) throws Exception;
}
