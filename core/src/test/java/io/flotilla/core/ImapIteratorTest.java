package io.flotilla.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The imap window with a sender that answers when the test says so: never more chunks out than the window, results
 * in order (or as they come), chunks cut by count and bytes, errors in their place.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ImapIteratorTest
{
    /** Answers every chunk at once on the sending thread, squaring each item, and records the chunk sizes. */
    private static final class FakeSender implements ImapIterator.ChunkSender
    {
        final List<Integer> chunkSizes = new ArrayList<>();

        @Override
        public void send(final Object[] arguments, final ChunkSink sink)
        {
            chunkSizes.add(arguments.length);
            answer(arguments, sink);
        }

        static void answer(final Object[] arguments, final ChunkSink sink)
        {
            final Object[] values = new Object[arguments.length];
            for (int i = 0; i < arguments.length; i++)
            {
                values[i] = (Integer)arguments[i] * (Integer)arguments[i];
            }
            sink.complete(values, new RuntimeException[arguments.length]);
        }
    }

    private static Iterator<Integer> items(final int n)
    {
        return IntStream.range(0, n).boxed().iterator();
    }

    private static ImapIterator<Integer> imap(
        final ImapIterator.ChunkSender sender, final Iterator<?> items, final int chunksize, final int window,
        final boolean ordered)
    {
        return imap(sender, items, chunksize, window, ordered, 1_000);
    }

    private static ImapIterator<Integer> imap(
        final ImapIterator.ChunkSender sender, final Iterator<?> items, final int chunksize, final int window,
        final boolean ordered, final int maxBytes)
    {
        return new ImapIterator<>(items, chunksize, window, ordered, (item, index) -> 4, maxBytes, sender);
    }

    /** Answers every chunk on a thread of its own, in a shuffled order, and tracks how many are out at once. */
    private static final class ShufflingSender implements ImapIterator.ChunkSender, AutoCloseable
    {
        private final java.util.concurrent.LinkedBlockingQueue<Runnable> answers =
            new java.util.concurrent.LinkedBlockingQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger mostOutstanding =
            new java.util.concurrent.atomic.AtomicInteger();
        private final List<Integer> chunkSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread answerer;

        ShufflingSender(final long seed)
        {
            final Random random = new Random(seed);
            answerer = Thread.ofPlatform().daemon().name("test-answerer").start(() ->
            {
                final List<Runnable> held = new ArrayList<>();
                try
                {
                    while (true)
                    {
                        final Runnable next = answers.poll(2, java.util.concurrent.TimeUnit.MILLISECONDS);
                        if (null != next)
                        {
                            held.add(next);
                        }
                        if (!held.isEmpty() && (null == next || random.nextInt(3) == 0))
                        {
                            held.remove(random.nextInt(held.size())).run();
                        }
                    }
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public void send(final Object[] arguments, final ChunkSink sink)
        {
            chunkSizes.add(arguments.length);
            final int now = outstanding.incrementAndGet();
            mostOutstanding.accumulateAndGet(now, Math::max);
            answers.add(() ->
            {
                outstanding.decrementAndGet();
                FakeSender.answer(arguments, sink);
            });
        }

        @Override
        public void close()
        {
            answerer.interrupt();
            joinQuietly(answerer);
        }
    }

    @Test
    void neverMoreChunksOutThanTheWindowAndResultsInOrder() throws Exception
    {
        try (ShufflingSender sender = new ShufflingSender(7))
        {
            final ImapIterator<Integer> results = imap(sender, items(100), 3, 4, true);
            final List<Integer> got = new ArrayList<>();
            results.forEachRemaining(got::add);
            assertEquals(IntStream.range(0, 100).map(x -> x * x).boxed().toList(), got, "in input order");
            assertTrue(sender.mostOutstanding.get() <= 4, "window held: most outstanding=" + sender.mostOutstanding);
            assertTrue(sender.mostOutstanding.get() >= 2, "the window was used: most outstanding=" +
                sender.mostOutstanding);
            assertEquals(34, sender.chunkSizes.size(), "100 items in chunks of 3: " + sender.chunkSizes);
        }
    }

    @Test
    void unorderedGivesEveryResultOnceWithinTheWindow() throws Exception
    {
        try (ShufflingSender sender = new ShufflingSender(11))
        {
            final ImapIterator<Integer> results = imap(sender, items(200), 5, 3, false);
            final List<Integer> got = new ArrayList<>();
            results.forEachRemaining(got::add);
            assertEquals(200, got.size());
            assertEquals(IntStream.range(0, 200).map(x -> x * x).boxed().collect(java.util.stream.Collectors.toSet()),
                new java.util.HashSet<>(got), "every result once");
            assertTrue(sender.mostOutstanding.get() <= 3, "window held: most outstanding=" + sender.mostOutstanding);
        }
    }

    @Test
    void nothingIsSentBeforeTheFirstAsk() throws Exception
    {
        try (ShufflingSender sender = new ShufflingSender(3))
        {
            final ImapIterator<Integer> results = imap(sender, items(10), 2, 2, true);
            assertEquals(0, sender.chunkSizes.size(), "lazy until asked");
            assertTrue(results.hasNext());
            assertEquals(0, results.next());
        }
    }

    @Test
    void chunksAreCutByBytesToo()
    {
        final FakeSender sender = new FakeSender();
        // 4 bytes an item, at most 10 bytes a chunk: 2 items each although chunksize is 8
        final ImapIterator<Integer> results = imap(sender, items(7), 8, 2, true, 10);
        final List<Integer> got = new ArrayList<>();
        results.forEachRemaining(got::add);
        assertEquals(List.of(0, 1, 4, 9, 16, 25, 36), got);
        assertEquals(List.of(2, 2, 2, 1), sender.chunkSizes);
    }

    @Test
    void aFailedChunkThrowsInItsPlaceAndABadItemStopsTheInput()
    {
        final IllegalStateException boom = new IllegalStateException("boom");
        final ImapIterator<Integer> failing = new ImapIterator<>(items(4), 2, 2, true, (item, index) -> 4, 100,
            (arguments, sink) ->
            {
                if ((Integer)arguments[0] == 2)
                {
                    sink.fail(boom);
                }
                else
                {
                    FakeSender.answer(arguments, sink);
                }
            });
        assertEquals(0, failing.next());
        assertEquals(1, failing.next());
        assertSame(boom, assertThrows(IllegalStateException.class, failing::next));

        final ImapIterator<Integer> badInput = new ImapIterator<>(items(5), 2, 2, true, (item, index) ->
        {
            if ((Integer)item == 3)
            {
                throw new IllegalArgumentException("no codec: items[" + index + "]");
            }
            return 4;
        }, 100, (arguments, sink) -> FakeSender.answer(arguments, sink));
        final List<Integer> before = new ArrayList<>();
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
        {
            while (badInput.hasNext())
            {
                before.add(badInput.next());
            }
        });
        assertEquals("no codec: items[3]", refused.getMessage());
        assertEquals(List.of(0, 1, 4), before, "the items before the bad one come back first");
        assertFalse(badInput.hasNext(), "reading stopped at the bad item");
    }

    private static void joinQuietly(final Thread thread)
    {
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
