package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

/**
 * Writes a {@code String} as {@link io.flotilla.protocol.codec.ValueCodec} does (tag, int length, UTF-8), without the
 * {@code byte[]} a UTF-8 encoder makes when the string is ASCII, as most names, keys and symbols are.
 */
final class Strings
{
    private Strings()
    {
    }

    /** @return the offset after the tagged string. */
    static int put(final MutableDirectBuffer buffer, final int offset, final String value)
    {
        final int n = value.length();
        for (int i = 0; i < n; i++)
        {
            if (value.charAt(i) >= 0x80)
            {
                buffer.putByte(offset, Tags.STRING);
                return offset + 1 + buffer.putStringUtf8(offset + 1, value);
            }
        }
        buffer.putByte(offset, Tags.STRING);
        buffer.putInt(offset + 1, n);
        buffer.putStringWithoutLengthAscii(offset + 1 + Integer.BYTES, value);
        return offset + 1 + Integer.BYTES + n;
    }
}
