package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

/**
 * Unsigned variable-length ints, seven bits a byte, low bits first: sizes and counts below 128 take one byte.
 */
final class VarInts
{
    /** A varint of a non-negative int takes at most this many bytes. */
    static final int MAX_LENGTH = 5;

    private VarInts()
    {
    }

    static int length(final int value)
    {
        if (value < 0)
        {
            return MAX_LENGTH;
        }
        return value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
    }

    /** @return the offset after the varint. */
    static int put(final MutableDirectBuffer buffer, final int offset, final int value)
    {
        int at = offset;
        int rest = value;
        while ((rest & ~0x7F) != 0)
        {
            buffer.putByte(at++, (byte)((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        buffer.putByte(at++, (byte)rest);
        return at;
    }

    /**
     * Reads a varint of a non-negative int and moves the cursor past it.
     *
     * @throws IllegalStateException when it runs past the limit, is longer than five bytes or is negative.
     */
    static int get(final WireReader reader)
    {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7)
        {
            final int b = reader.getByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (value < 0)
                {
                    throw reader.corrupt("negative varint: value=" + value);
                }
                return value;
            }
        }
        throw reader.corrupt("varint longer than " + MAX_LENGTH + " bytes");
    }
}
