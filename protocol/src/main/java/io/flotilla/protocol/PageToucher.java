package io.flotilla.protocol;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.Wire;

/**
 * Touches the pages of a queue file ahead of where its appender writes, a few per idle duty cycle, so that an append
 * writes into memory the file system has already given the file instead of taking a page fault per 4 KiB (a 64 KiB
 * envelope into fresh pages took ~50 us here, most of it in 16 faults). A touch is a compare-and-set of a zero long
 * to zero, as Chronicle's own micro-toucher does: it makes the page present and never changes a byte, so it is safe
 * while other processes append to the same file. Readers touch ahead of what they read too: on tmpfs that maps (and,
 * for a page nobody wrote yet, allocates) the pages they are about to read. A touch never goes beyond what the
 * queue's writers keep backed ({@link QueueSpace}): a sparse page of a full file system would fault. Not thread-safe:
 * one runner at a time.
 */
final class PageToucher
{
    static final int PAGE_SIZE = 4096;

    private final long aheadBytes;
    private final int pagesPerCall;
    private BytesStore<?, ?> store;
    private long touchedTo;

    /**
     * @param aheadBytes   how far beyond the write position pages are kept touched.
     * @param pagesPerCall the most pages one call touches (a fault costs ~1-2 us; an idle cycle should stay short).
     */
    PageToucher(final long aheadBytes, final int pagesPerCall)
    {
        this.aheadBytes = aheadBytes;
        this.pagesPerCall = pagesPerCall;
    }

    /**
     * @param space what the appender's writer keeps backed: no page beyond it is touched.
     * @return pages touched now.
     */
    int touchAhead(final ExcerptAppender appender, final QueueSpace space)
    {
        final Wire wire = appender.wire();
        if (null == wire)
        {
            return 0;
        }
        final Bytes<?> bytes = wire.bytes();
        return touchAhead(bytes.bytesStore(), bytes.writePosition(), space.backedEnd(bytes));
    }

    /**
     * @param current  the mapped block being read or written, or null.
     * @param position where the reading or writing is in it; the writers keep the {@link QueueSpace#AHEAD} bytes
     *                 beyond the last excerpt backed, more than a reader touches ahead.
     * @return pages touched now.
     */
    int touchAhead(final BytesStore<?, ?> current, final long position)
    {
        return touchAhead(current, position, position + QueueSpace.AHEAD);
    }

    /**
     * @param limit no byte at or beyond it is touched.
     * @return pages touched now.
     */
    int touchAhead(final BytesStore<?, ?> current, final long position, final long limit)
    {
        if (null == current)
        {
            return 0;
        }
        if (current != store || touchedTo < position)
        {
            store = current;
            touchedTo = (position + PAGE_SIZE - 1) & -PAGE_SIZE;
        }
        int touched = 0;
        final long end = Math.min(limit - Long.BYTES + 1, position + aheadBytes);
        while (touchedTo < end && touched < pagesPerCall && current.inside(touchedTo, Long.BYTES))
        {
            current.compareAndSwapLong(touchedTo, 0, 0);
            touchedTo += PAGE_SIZE;
            touched++;
        }
        return touched;
    }
}
