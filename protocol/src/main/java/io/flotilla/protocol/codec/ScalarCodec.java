package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Single values of the JDK that are not {@code java.time} ({@link TimeCodec}): {@code UUID}, {@code BigInteger},
 * {@code BigDecimal} (scale kept, so it reads back {@code equals}), {@code ByteBuffer} (its bytes from position to
 * limit, its position left alone; read back as a heap buffer of just those bytes).
 */
final class ScalarCodec
{
    /** Big numbers hold at most this many bytes (2^20 bits), well past any real number and below the payload limit. */
    static final int MAX_BIG_BYTES = 1 << 17;

    private ScalarCodec()
    {
    }

    static int length(final byte tag, final Object value)
    {
        return switch (tag)
        {
            case Tags.UUID -> 2 * Long.BYTES;
            case Tags.BIG_INTEGER -> bigLength((BigInteger)value);
            case Tags.BIG_DECIMAL -> Integer.BYTES + bigLength(((BigDecimal)value).unscaledValue());
            case Tags.BYTE_BUFFER ->
            {
                final int n = ((ByteBuffer)value).remaining();
                yield VarInts.length(n) + n;
            }
            default -> TimeCodec.length(tag, value);
        };
    }

    private static int bigLength(final BigInteger value)
    {
        final int n = value.bitLength() / 8 + 1;
        return VarInts.length(n) + n;
    }

    static int write(final byte tag, final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        switch (tag)
        {
            case Tags.UUID:
            {
                final UUID uuid = (UUID)value;
                buffer.putLong(offset, uuid.getMostSignificantBits());
                buffer.putLong(offset + Long.BYTES, uuid.getLeastSignificantBits());
                return offset + 2 * Long.BYTES;
            }
            case Tags.BIG_INTEGER:
                return putBig(buffer, offset, (BigInteger)value);
            case Tags.BIG_DECIMAL:
            {
                final BigDecimal decimal = (BigDecimal)value;
                buffer.putInt(offset, decimal.scale());
                return putBig(buffer, offset + Integer.BYTES, decimal.unscaledValue());
            }
            case Tags.BYTE_BUFFER:
            {
                final ByteBuffer bytes = (ByteBuffer)value;
                final int n = bytes.remaining();
                final int at = VarInts.put(buffer, offset, n);
                buffer.putBytes(at, bytes, bytes.position(), n);
                return at + n;
            }
            default:
                return TimeCodec.write(tag, buffer, offset, value);
        }
    }

    private static int putBig(final MutableDirectBuffer buffer, final int offset, final BigInteger value)
    {
        final byte[] bytes = value.toByteArray();
        final int at = VarInts.put(buffer, offset, bytes.length);
        buffer.putBytes(at, bytes);
        return at + bytes.length;
    }

    static Object read(final byte tag, final WireReader reader)
    {
        return switch (tag)
        {
            case Tags.UUID -> new UUID(reader.getLong(), reader.getLong());
            case Tags.BIG_INTEGER -> getBig(reader);
            case Tags.BIG_DECIMAL ->
            {
                final int scale = reader.getInt();
                yield new BigDecimal(getBig(reader), scale);
            }
            case Tags.BYTE_BUFFER -> ByteBuffer.wrap(reader.getBytes(reader.getSize(1)));
            default -> TimeCodec.read(tag, reader);
        };
    }

    private static BigInteger getBig(final WireReader reader)
    {
        final int n = reader.getSize(1);
        if (0 == n || n > MAX_BIG_BYTES)
        {
            throw reader.corrupt("big number length out of range: length=" + n + ", range=1.." + MAX_BIG_BYTES);
        }
        return new BigInteger(reader.getBytes(n));
    }
}
