package io.flotilla.core;

import java.util.concurrent.CompletableFuture;

/**
 * Sinks that complete futures: one item's value or error, or every item's values unless one failed.
 */
final class FutureSinks
{
    private FutureSinks()
    {
    }

    /** @return a sink of one item that completes the future with its value or its error. */
    static <R> ChunkSink one(final CompletableFuture<R> future)
    {
        return new ChunkSink()
        {
            @Override
            @SuppressWarnings("unchecked")
            public void complete(final Object[] values, final RuntimeException[] errors)
            {
                if (null != errors[0])
                {
                    future.completeExceptionally(errors[0]);
                }
                else
                {
                    future.complete((R)values[0]);
                }
            }

            @Override
            public void fail(final RuntimeException failure)
            {
                future.completeExceptionally(failure);
            }
        };
    }

    /** @return a sink that completes the future with every value, or with the first item's error there is. */
    static ChunkSink all(final CompletableFuture<Object[]> future)
    {
        return new ChunkSink()
        {
            @Override
            public void complete(final Object[] values, final RuntimeException[] errors)
            {
                for (final RuntimeException error : errors)
                {
                    if (null != error)
                    {
                        future.completeExceptionally(error);
                        return;
                    }
                }
                future.complete(values);
            }

            @Override
            public void fail(final RuntimeException failure)
            {
                future.completeExceptionally(failure);
            }
        };
    }
}
