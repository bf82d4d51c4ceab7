package io.flotilla.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The payload of an envelope whose payload lies in a {@link BlobRegion} slot: the envelope has {@link #BLOB} set in
 * its flags byte, and its payload is this {@value #LENGTH}-byte reference instead of the encoded values.
 * <pre>
 *   | slot (int)          | length (int)        |  0
 *   | lease word (long)                         |  8
 * </pre>
 * A result may carry {@link #STALE} instead: the worker could not take the arguments' slot, whose lease the parent
 * had taken back (the task was sent again after a worker died), so its answer is an error the parent drops when a
 * later attempt is pending.
 */
public final class BlobRef
{
    /** Flag bit: the payload is a reference into the blob region. */
    public static final byte BLOB = 2;
    /** Flag bit (results): the worker found the arguments' slot taken back. */
    public static final byte STALE = 4;
    public static final int LENGTH = 16;

    private BlobRef()
    {
    }

    /** @return the offset after the reference. */
    public static int put(
        final MutableDirectBuffer buffer, final int offset, final int slot, final int length, final long lease)
    {
        buffer.putInt(offset, slot);
        buffer.putInt(offset + 4, length);
        buffer.putLong(offset + 8, lease);
        return offset + LENGTH;
    }

    /** @return whether an envelope with this flags byte and payload length carries a reference. */
    public static boolean carried(final byte flags, final int payloadLength)
    {
        return 0 != (flags & BLOB) && LENGTH == payloadLength;
    }

    public static int slot(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset);
    }

    public static int length(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + 4);
    }

    public static long lease(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 8);
    }
}
