package io.flotilla.ipc;

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
        return buffer;
    }
}
