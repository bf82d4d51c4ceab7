package io.flotilla.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The iterator {@code imap} returns: it reads the input lazily, keeps at most {@code window} chunks in flight, and
 * yields results in input order (ordered) or in the order chunks finish (unordered). Memory stays bounded by the window
 * however long the input is. Consumed by one thread; results may arrive on any thread.
 * <p>
 * {@link #close()} (the consumer stopping early, or a stream over it closed) reads no more input and cancels the
 * chunks sent and not yet yielded, through the sender; hasNext is false from then on.
 */
public final class ImapIterator<R> implements Iterator<R>, AutoCloseable
{
    /** Sends one chunk; its answer goes to the sink. */
    public interface ChunkSender
    {
        void send(Object[] arguments, ChunkSink sink);

        /**
         * Sends a chunk that {@link #cancel(long)} can stop.
         *
         * @return the chunk's handle for {@link #cancel(long)}, or 0 when it cannot be cancelled.
         */
        default long sendCancellable(final Object[] arguments, final ChunkSink sink)
        {
            send(arguments, sink);
            return 0;
        }

        /** Stops a chunk sent with {@link #sendCancellable}, if it has not ended; its sink may still be called. */
        default void cancel(final long handle)
        {
        }
    }

    /** Checks one input item and gives its encoded length. */
    public interface ItemChecker
    {
        /**
         * @return the item's encoded length in bytes.
         * @throws IllegalArgumentException for an item that cannot be sent.
         */
        int check(Object item, int index);
    }

    private static final Object NONE = new Object();

    private record Chunk(int index, Object[] values, RuntimeException failure)
    {
    }

    private final Iterator<?> source;
    private final int chunksize;
    private final int window;
    private final boolean ordered;
    private final ChunkSender sender;
    private final ItemChecker checker;
    private final int maxChunkBytes;
    /** An item read and checked that did not fit the chunk before it: the first of the next chunk. */
    private Object carried = NONE;
    private int carriedLength;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Map<Integer, Chunk> byIndex = new HashMap<>();
    private final ArrayDeque<Chunk> finished = new ArrayDeque<>();
    private int nextToSend;
    private int nextToYield;
    private int inFlight;
    private int itemsRead;
    private Chunk current;
    private int position;
    private boolean inputFailed;
    /** Handles of the chunks sent and not yet yielded, by chunk index; under the lock. */
    private final org.agrona.collections.Long2LongHashMap outstanding = new org.agrona.collections.Long2LongHashMap(0);
    private boolean closed;

    /**
     * @param checker       checks an item and gives its encoded length.
     * @param maxChunkBytes the most bytes of encoded items one chunk carries; a chunk holds at least one item.
     */
    public ImapIterator(
        final Iterator<?> source,
        final int chunksize,
        final int window,
        final boolean ordered,
        final ItemChecker checker,
        final int maxChunkBytes,
        final ChunkSender sender)
    {
        this.source = source;
        this.chunksize = chunksize;
        this.maxChunkBytes = maxChunkBytes;
        this.window = window;
        this.ordered = ordered;
        this.checker = checker;
        this.sender = sender;
    }

    @Override
    public boolean hasNext()
    {
        while (!closed)
        {
            if (null != current && position < current.values.length)
            {
                return true;
            }
            current = null;
            refill();
            if (0 == inFlight && (inputFailed || !hasInput()))
            {
                return false;
            }
            current = awaitChunk();
            position = 0;
            if (null != current.failure)
            {
                final RuntimeException failure = current.failure;
                current = null;
                throw failure;
            }
        }
        return false;
    }

    /**
     * Stops the iteration: no more input is read, and the chunks sent and not yet yielded are cancelled. Idempotent;
     * on the consuming thread.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        current = null;
        final long[] handles;
        lock.lock();
        try
        {
            handles = new long[outstanding.size()];
            final org.agrona.collections.Long2LongHashMap.ValueIterator values = outstanding.values().iterator();
            for (int i = 0; i < handles.length; i++)
            {
                handles[i] = values.nextValue();
            }
            outstanding.clear();
        }
        finally
        {
            lock.unlock();
        }
        for (final long handle : handles)
        {
            sender.cancel(handle);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next()
    {
        if (!hasNext())
        {
            throw new NoSuchElementException();
        }
        return (R)current.values[position++];
    }

    private void refill()
    {
        while (inFlight < window && !inputFailed && hasInput())
        {
            final Object[] arguments = new Object[chunksize];
            int count = 0;
            int bytes = 0;
            RuntimeException badInput = null;
            while (count < chunksize && hasInput())
            {
                final Object argument;
                final int length;
                if (NONE != carried)
                {
                    argument = carried;
                    length = carriedLength;
                    carried = NONE;
                }
                else
                {
                    argument = source.next();
                    try
                    {
                        length = checker.check(argument, itemsRead++);
                    }
                    catch (final IllegalArgumentException ex)
                    {
                        badInput = ex;
                        break;
                    }
                }
                if (count > 0 && bytes + length > maxChunkBytes)
                {
                    carried = argument;
                    carriedLength = length;
                    break;
                }
                bytes += length;
                arguments[count++] = argument;
            }
            if (count > 0)
            {
                sendChunk(count == chunksize ? arguments : java.util.Arrays.copyOf(arguments, count));
            }
            if (null != badInput)
            {
                // the bad item is never sent; its error takes its place in the results, and reading stops there
                inputFailed = true;
                inFlight++;
                arrive(new Chunk(nextToSend++, new Object[0], badInput));
            }
        }
    }

    private boolean hasInput()
    {
        return NONE != carried || source.hasNext();
    }

    private void sendChunk(final Object[] exact)
    {
        final int index = nextToSend++;
        inFlight++;
        final long handle = sender.sendCancellable(exact, new ChunkSink()
        {
            @Override
            public void complete(final Object[] values, final RuntimeException[] errors)
            {
                RuntimeException first = null;
                for (final RuntimeException error : errors)
                {
                    if (null != error)
                    {
                        first = error;
                        break;
                    }
                }
                arrive(new Chunk(index, values, first));
            }

            @Override
            public void fail(final RuntimeException failure)
            {
                arrive(new Chunk(index, new Object[0], failure));
            }
        });
        if (0 != handle)
        {
            lock.lock();
            try
            {
                outstanding.put(index, handle);
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    private void arrive(final Chunk chunk)
    {
        lock.lock();
        try
        {
            if (ordered)
            {
                byIndex.put(chunk.index, chunk);
            }
            else
            {
                finished.addLast(chunk);
            }
            arrived.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    private Chunk awaitChunk()
    {
        lock.lock();
        try
        {
            while (true)
            {
                final Chunk chunk = ordered ? byIndex.remove(nextToYield) : finished.pollFirst();
                if (null != chunk)
                {
                    outstanding.remove(chunk.index);
                    inFlight--;
                    nextToYield++;
                    return chunk;
                }
                arrived.awaitUninterruptibly();
            }
        }
        finally
        {
            lock.unlock();
        }
    }
}
