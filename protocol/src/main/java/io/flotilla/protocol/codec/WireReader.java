package io.flotilla.protocol.codec;

import org.agrona.DirectBuffer;

/**
 * Reads one value from a buffer, never past its limit: every read checks the bytes are there, and every size read is
 * checked against the bytes left before anything is allocated for it. Holds the value's {@link TypeScope}. One per
 * thread, reused (see {@link #acquire()}).
 */
final class WireReader
{
    private static final ThreadLocal<WireReader> READERS = ThreadLocal.withInitial(WireReader::new);

    DirectBuffer buffer;
    int offset;
    int limit;
    boolean lenient;
    /** The pool type table values name types by, or null. */
    PoolTypes types;
    final TypeScope.Decoding scope = new TypeScope.Decoding();
    /** Bytes of short strings pass through here on their way to a String: one copy instead of two. */
    private final byte[] scratch = new byte[256];
    private boolean busy;

    /** @return this thread's reader, or a new one while this thread's is in use (a constructor decoding a value). */
    static WireReader acquire()
    {
        final WireReader reader = READERS.get();
        if (reader.busy)
        {
            final WireReader nested = new WireReader();
            nested.busy = true;
            return nested;
        }
        reader.busy = true;
        return reader;
    }

    WireReader wrap(
        final DirectBuffer buffer, final int offset, final int limit, final boolean lenient, final PoolTypes types)
    {
        this.types = types;
        this.buffer = buffer;
        this.offset = offset;
        this.limit = Math.min(limit, buffer.capacity());
        this.lenient = lenient;
        scope.reset();
        return this;
    }

    void release()
    {
        buffer = null;
        types = null;
        busy = false;
    }

    int remaining()
    {
        return limit - offset;
    }

    /** @throws IllegalStateException unless {@code bytes} more are there. */
    void need(final long bytes)
    {
        if (bytes < 0 || bytes > limit - offset)
        {
            throw corrupt("value runs past its end: need=" + bytes + ", remaining=" + (limit - offset));
        }
    }

    /**
     * Reads a size or count and checks that many items, each at least {@code minBytesEach} long, fit the bytes left.
     */
    int getSize(final int minBytesEach)
    {
        final int size = VarInts.get(this);
        if ((long)size * minBytesEach > limit - offset)
        {
            throw corrupt("size larger than the bytes left: size=" + size + ", remaining=" + (limit - offset));
        }
        return size;
    }

    byte getByte()
    {
        need(1);
        return buffer.getByte(offset++);
    }

    short getShort()
    {
        need(Short.BYTES);
        final short value = buffer.getShort(offset);
        offset += Short.BYTES;
        return value;
    }

    char getChar()
    {
        need(Character.BYTES);
        final char value = buffer.getChar(offset);
        offset += Character.BYTES;
        return value;
    }

    int getInt()
    {
        need(Integer.BYTES);
        final int value = buffer.getInt(offset);
        offset += Integer.BYTES;
        return value;
    }

    long getLong()
    {
        need(Long.BYTES);
        final long value = buffer.getLong(offset);
        offset += Long.BYTES;
        return value;
    }

    float getFloat()
    {
        need(Float.BYTES);
        final float value = buffer.getFloat(offset);
        offset += Float.BYTES;
        return value;
    }

    double getDouble()
    {
        need(Double.BYTES);
        final double value = buffer.getDouble(offset);
        offset += Double.BYTES;
        return value;
    }

    byte[] getBytes(final int length)
    {
        need(length);
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        offset += length;
        return bytes;
    }

    /** Reads {@link io.flotilla.protocol.codec.ValueCodec}'s string: int length, UTF-8. */
    String getString()
    {
        final int length = getInt();
        need(length);
        final String value;
        if (length <= scratch.length)
        {
            buffer.getBytes(offset, scratch, 0, length);
            value = new String(scratch, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        }
        else
        {
            value = buffer.getStringWithoutLengthUtf8(offset, length);
        }
        offset += length;
        return value;
    }

    IllegalStateException corrupt(final String problem)
    {
        return new IllegalStateException("corrupt value: " + problem + ", offset=" + offset + ", limit=" + limit);
    }
}
