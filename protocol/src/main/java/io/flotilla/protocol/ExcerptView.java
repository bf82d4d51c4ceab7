package io.flotilla.protocol;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Wraps the bytes of the excerpt a {@link DocumentContext} is reading in an Agrona buffer, in place, so the envelope
 * flyweights read it without a copy. Valid only until the document is closed.
 */
final class ExcerptView
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final PageToucher toucher = new PageToucher(256 << 10, 2);
    private net.openhft.chronicle.bytes.BytesStore<?, ?> lastStore;
    private long lastEnd;

    /**
     * @return the buffer, over the whole excerpt from offset 0.
     */
    UnsafeBuffer wrap(final DocumentContext dc)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final long position = bytes.readPosition();
        final int length = (int)bytes.readRemaining();
        // addressForRead(offset, length) makes sure the whole excerpt lies in one mapping
        buffer.wrap(bytes.addressForRead(position, length), length);
        lastStore = bytes.bytesStore();
        lastEnd = position + length;
        return buffer;
    }

    /**
     * Touches a few pages beyond the last excerpt read ({@link PageToucher}), for an idle duty cycle: the next reads
     * find them mapped.
     */
    void touchAhead()
    {
        // a block the tailer has moved past may be released (unmapped): never touch one that is
        if (null == lastStore || lastStore.refCount() <= 0)
        {
            lastStore = null;
            return;
        }
        try
        {
            toucher.touchAhead(lastStore, lastEnd);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // a page the file system cannot give (full): the writer reports it
        }
    }
}
