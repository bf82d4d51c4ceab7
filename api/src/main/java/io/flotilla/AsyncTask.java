package io.flotilla;

import java.util.concurrent.CompletionStage;

/**
 * A function that runs in a worker JVM and completes later: while its stage is pending it holds one of the worker's
 * {@code childConcurrency} slots but no thread. Same rules as {@link Task} for the class and the types.
 *
 * @param <A> argument type.
 * @param <R> result type.
 */
@FunctionalInterface
public interface AsyncTask<A, R>
{
    CompletionStage<R> apply(A argument) throws Exception;
}
