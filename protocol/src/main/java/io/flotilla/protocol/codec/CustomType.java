package io.flotilla.protocol.codec;

import io.flotilla.Codec;
import org.agrona.MutableDirectBuffer;

/**
 * A type a user's {@link Codec} takes: an int length, then the bytes the codec wrote. The name on the wire is the
 * codec's {@link Codec#type()}; the shape hash is the codec class's name, so both sides must use the same codec.
 */
final class CustomType extends WireType
{
    private final Codec<Object> codec;

    @SuppressWarnings("unchecked")
    CustomType(final Codec<?> codec)
    {
        super(Tags.CUSTOM, codec.type(), codec.type().getName(), shapeHash(codec.getClass().getName()), 0);
        this.codec = (Codec<Object>)codec;
    }

    @Override
    int bodyLength(final Object value, final TypeScope.Encoding scope, final int depth)
    {
        return Integer.BYTES + lengthOf(value);
    }

    private int lengthOf(final Object value)
    {
        final int length = codec.encodedLength(value);
        if (length < 0)
        {
            throw new IllegalArgumentException("codec gave a negative length: codec=" + codec.getClass().getName() +
                ", length=" + length);
        }
        return length;
    }

    @Override
    int writeBody(
        final MutableDirectBuffer buffer, final int offset, final Object value, final TypeScope.Encoding scope,
        final int depth)
    {
        final int length = lengthOf(value);
        buffer.putInt(offset, length);
        codec.encode(value, buffer, offset + Integer.BYTES);
        return offset + Integer.BYTES + length;
    }

    @Override
    Object readBody(final WireReader reader, final int depth)
    {
        final int length = reader.getInt();
        reader.need(length);
        final Object value;
        try
        {
            value = codec.decode(reader.buffer, reader.offset, length);
        }
        catch (final RuntimeException ex)
        {
            throw reader.corrupt("codec refused the bytes: codec=" + codec.getClass().getName() + ", type=" + name +
                ", problem=" + ex);
        }
        if (!type.isInstance(value))
        {
            throw reader.corrupt("codec returned " + (null == value ? "null" : value.getClass().getName()) +
                ": codec=" + codec.getClass().getName() + ", type=" + name);
        }
        reader.offset += length;
        return value;
    }
}
