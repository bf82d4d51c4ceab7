package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

/**
 * Payload of a RESULT envelope: for each item of the task's chunk, a status byte then either the value
 * ({@link #ITEM_OK}) or an exception record ({@link #ITEM_FAILED}), in chunk order.
 */
public final class ResultEncoding
{
    public static final byte ITEM_OK = 0;
    static final byte ITEM_FAILED = 1;

    private ResultEncoding()
    {
    }

    /** Message characters and frames an error keeps when the full records do not fit the envelope. */
    static final int COMPACT_MESSAGE_LIMIT = 256;
    static final int COMPACT_FRAME_LIMIT = 8;

    /** An item that failed, its exception record cut short (message, frames) to fit a small envelope. */
    public static int encodeCompactError(final MutableDirectBuffer buffer, final int offset, final Throwable error)
    {
        buffer.putByte(offset, ITEM_FAILED);
        return ValueCodec.encodeThrowable(buffer, offset + 1, error, COMPACT_MESSAGE_LIMIT, COMPACT_FRAME_LIMIT);
    }

    public static int encodeItem(final MutableDirectBuffer buffer, final int offset, final Object value, final Throwable error)
    {
        if (null != error)
        {
            buffer.putByte(offset, ITEM_FAILED);
            return ValueCodec.encodeThrowable(buffer, offset + 1, error);
        }
        final ValueCheck.Refusal refusal = ValueCheck.check(value);
        if (null != refusal)
        {
            buffer.putByte(offset, ITEM_FAILED);
            return ValueCodec.encodeThrowable(buffer, offset + 1, new IllegalArgumentException(
                "task returned a value no codec takes: result" + refusal.path() + ": " + refusal.reason()));
        }
        buffer.putByte(offset, ITEM_OK);
        return ValueCodec.encode(buffer, offset + 1, value);
    }
}
