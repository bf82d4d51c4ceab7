package io.flotilla.core;

import io.flotilla.PoolConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Many items of one function: {@code map} (all values, or the first error), a node's runs of items (every value or
 * error), and {@code imap}'s lazy window. Items are checked against the payload limit before any is sent, then go out
 * in chunks cut by count and bytes.
 */
final class Batches
{
    /** Checks an item can be sent and gives its encoded length. */
    @FunctionalInterface
    interface ItemChecker
    {
        /**
         * @param index the item's index in the call's items, for the message only (built only for a refusal).
         * @throws IllegalArgumentException naming the item when no codec takes it or it is over the limit.
         */
        int check(Object item, int index);
    }

    /** Sends one envelope of items of a function. */
    @FunctionalInterface
    interface Sender
    {
        /** @return the envelope's task id, or 0 when it was not sent. */
        long send(int functionId, Object[] arguments, Duration timeout, ChunkSink sink);
    }

    private final PoolConfig config;
    private final int maxPayload;
    private final GuestRun guestRun;
    private final ItemChecker checker;
    private final Sender sender;
    private final TaskCanceller canceller;

    /** @param canceller stops the chunks of an imap closed early. */
    Batches(
        final PoolConfig config, final int maxPayload, final GuestRun guestRun, final ItemChecker checker,
        final Sender sender, final TaskCanceller canceller)
    {
        this.canceller = canceller;
        this.config = config;
        this.maxPayload = maxPayload;
        this.guestRun = guestRun;
        this.checker = checker;
        this.sender = sender;
    }

    /** @return every item's value in order; the first item's error is thrown instead. */
    <R> List<R> map(final int functionId, final Collection<?> items, final int chunksize)
    {
        final Object[] arguments = items.toArray();
        final int[] lengths = lengths(arguments);
        if (arguments.length == 0)
        {
            return List.of();
        }
        final CompletableFuture<Object[]> all = new PoolFuture<>(guestRun);
        run(functionId, arguments, lengths, chunksize, config.taskTimeout(), FutureSinks.all(all));
        final Object[] results;
        try
        {
            results = all.join();
        }
        catch (final CompletionException ex)
        {
            throw ex.getCause() instanceof RuntimeException re ? re : ex;
        }
        @SuppressWarnings("unchecked")
        final List<R> list = (List<R>)Collections.unmodifiableList(Arrays.asList(results));
        return list;
    }

    /**
     * Answers the sink once with every item's value or error.
     *
     * @param itemTimeout per item, or null for none.
     */
    void runItems(
        final int functionId, final Object[] items, final int chunksize, final Duration itemTimeout, final ChunkSink sink)
    {
        run(functionId, items, lengths(items), chunksize, itemTimeout, sink);
    }

    /**
     * @return results as they come, at most a window of chunks out at once, in item order or not; closing it early
     * cancels the chunks still out (with an interrupt).
     */
    <R> Iterator<R> imap(final int functionId, final Iterable<?> items, final int chunksize, final boolean ordered)
    {
        final int window = Math.min(4096, Math.max(4 * config.processes(),
            Chunker.ceilDiv(2 * config.processes() * config.childConcurrency(), chunksize)));
        return new ImapIterator<>(items.iterator(), chunksize, window, ordered,
            checker::check, maxPayload,
            new ImapIterator.ChunkSender()
            {
                @Override
                public void send(final Object[] arguments, final ChunkSink sink)
                {
                    sendCancellable(arguments, sink);
                }

                @Override
                public long sendCancellable(final Object[] arguments, final ChunkSink sink)
                {
                    return sender.send(functionId, arguments, null == config.taskTimeout() ? null :
                        config.taskTimeout().multipliedBy(arguments.length), sink);
                }

                @Override
                public void cancel(final long taskId)
                {
                    canceller.cancel(taskId, true);
                }
            });
    }

    private int[] lengths(final Object[] items)
    {
        final int[] lengths = new int[items.length];
        for (int i = 0; i < items.length; i++)
        {
            lengths[i] = checker.check(items[i], i);
        }
        return lengths;
    }

    private void run(
        final int functionId, final Object[] items, final int[] lengths, final int chunksize,
        final Duration itemTimeout, final ChunkSink sink)
    {
        ChunkFanOut.run((arguments, timeout, chunkSink) -> sender.send(functionId, arguments, timeout, chunkSink),
            items, lengths, chunksize, maxPayload, itemTimeout, sink);
    }
}
