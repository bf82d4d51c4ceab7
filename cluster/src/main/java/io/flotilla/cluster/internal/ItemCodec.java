package io.flotilla.cluster.internal;

import io.flotilla.protocol.codec.ValueCodec;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Items and results between machines: the values one after another in the same codec the shared-memory envelopes use,
 * in one byte array, so a chunk costs Hazelcast one array copy instead of an object graph.
 */
final class ItemCodec
{
    private ItemCodec()
    {
    }

    static byte[] encode(final Object[] values)
    {
        int length = 0;
        for (final Object value : values)
        {
            length += ValueCodec.encodedLength(value);
        }
        final byte[] bytes = new byte[length];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        int at = 0;
        for (final Object value : values)
        {
            at = ValueCodec.encode(buffer, at, value);
        }
        return bytes;
    }

    static Object[] decode(final byte[] bytes, final int count)
    {
        final Object[] values = new Object[count];
        final ValueCodec.Cursor cursor = new ValueCodec.Cursor().wrap(new UnsafeBuffer(bytes), 0);
        for (int i = 0; i < count; i++)
        {
            values[i] = ValueCodec.decode(cursor);
        }
        return values;
    }
}
