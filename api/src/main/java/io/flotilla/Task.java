package io.flotilla;

/**
 * A function that runs in a worker JVM. Implementations are public classes with a public no-argument constructor,
 * on the workers' class path (by default the parent's); a worker creates one instance per function and calls it from
 * many virtual threads at once, so {@link #apply} must be thread-safe. Its name crosses to the workers once; tasks
 * then carry a small id. For a method reference or a lambda, see {@link TaskFunction}.
 *
 * @param <A> argument type: any type a codec takes (primitive wrappers, {@code String}, records, collections and the
 *            others the README lists, or one with a registered {@link Codec}).
 * @param <R> result type, from the same set, or null.
 */
@FunctionalInterface
public interface Task<A, R>
{
    R apply(A argument) throws Exception;
}
