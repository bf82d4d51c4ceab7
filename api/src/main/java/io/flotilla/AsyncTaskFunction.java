package io.flotilla;

import java.io.Serializable;

/**
 * An {@link AsyncTask} written as a method reference or a lambda returning a {@code CompletionStage}:
 * {@code pool.submitAsync(Quotes::fetch, symbol)}. Same rules as {@link TaskFunction}.
 *
 * @param <A> argument type.
 * @param <R> result type.
 */
@FunctionalInterface
public interface AsyncTaskFunction<A, R> extends AsyncTask<A, R>, Serializable
{
}
