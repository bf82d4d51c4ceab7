package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

/**
 * Arrays of primitives: a varint length, then the elements raw in the buffer's byte order (a boolean as one byte).
 * ({@code byte[]} is {@link io.flotilla.protocol.codec.ValueCodec}'s own.)
 */
final class ArrayCodec
{
    private ArrayCodec()
    {
    }

    private static int elementBytes(final byte tag)
    {
        return switch (tag)
        {
            case Tags.INT_ARRAY, Tags.FLOAT_ARRAY -> 4;
            case Tags.LONG_ARRAY, Tags.DOUBLE_ARRAY -> 8;
            case Tags.SHORT_ARRAY, Tags.CHAR_ARRAY -> 2;
            default -> 1;
        };
    }

    private static int lengthOf(final byte tag, final Object array)
    {
        return switch (tag)
        {
            case Tags.INT_ARRAY -> ((int[])array).length;
            case Tags.LONG_ARRAY -> ((long[])array).length;
            case Tags.DOUBLE_ARRAY -> ((double[])array).length;
            case Tags.FLOAT_ARRAY -> ((float[])array).length;
            case Tags.SHORT_ARRAY -> ((short[])array).length;
            case Tags.CHAR_ARRAY -> ((char[])array).length;
            default -> ((boolean[])array).length;
        };
    }

    static int length(final byte tag, final Object array)
    {
        final int n = lengthOf(tag, array);
        return VarInts.length(n) + n * elementBytes(tag);
    }

    static int write(final byte tag, final MutableDirectBuffer buffer, final int offset, final Object array)
    {
        final int n = lengthOf(tag, array);
        int at = VarInts.put(buffer, offset, n);
        switch (tag)
        {
            case Tags.INT_ARRAY ->
            {
                for (final int v : (int[])array)
                {
                    buffer.putInt(at, v);
                    at += Integer.BYTES;
                }
            }
            case Tags.LONG_ARRAY ->
            {
                for (final long v : (long[])array)
                {
                    buffer.putLong(at, v);
                    at += Long.BYTES;
                }
            }
            case Tags.DOUBLE_ARRAY ->
            {
                for (final double v : (double[])array)
                {
                    buffer.putDouble(at, v);
                    at += Double.BYTES;
                }
            }
            case Tags.FLOAT_ARRAY ->
            {
                for (final float v : (float[])array)
                {
                    buffer.putFloat(at, v);
                    at += Float.BYTES;
                }
            }
            case Tags.SHORT_ARRAY ->
            {
                for (final short v : (short[])array)
                {
                    buffer.putShort(at, v);
                    at += Short.BYTES;
                }
            }
            case Tags.CHAR_ARRAY ->
            {
                for (final char v : (char[])array)
                {
                    buffer.putChar(at, v);
                    at += Character.BYTES;
                }
            }
            default ->
            {
                for (final boolean v : (boolean[])array)
                {
                    buffer.putByte(at++, (byte)(v ? 1 : 0));
                }
            }
        }
        return at;
    }

    static Object read(final byte tag, final WireReader reader)
    {
        final int n = reader.getSize(elementBytes(tag));
        switch (tag)
        {
            case Tags.INT_ARRAY:
            {
                final int[] array = new int[n];
                for (int i = 0; i < n; i++)
                {
                    array[i] = reader.getInt();
                }
                return array;
            }
            case Tags.LONG_ARRAY:
            {
                final long[] array = new long[n];
                for (int i = 0; i < n; i++)
                {
                    array[i] = reader.getLong();
                }
                return array;
            }
            case Tags.DOUBLE_ARRAY:
            {
                final double[] array = new double[n];
                for (int i = 0; i < n; i++)
                {
                    array[i] = reader.getDouble();
                }
                return array;
            }
            case Tags.FLOAT_ARRAY:
            {
                final float[] array = new float[n];
                for (int i = 0; i < n; i++)
                {
                    array[i] = reader.getFloat();
                }
                return array;
            }
            case Tags.SHORT_ARRAY:
            {
                final short[] array = new short[n];
                for (int i = 0; i < n; i++)
                {
                    array[i] = reader.getShort();
                }
                return array;
            }
            case Tags.CHAR_ARRAY:
            {
                final char[] array = new char[n];
                for (int i = 0; i < n; i++)
                {
                    array[i] = reader.getChar();
                }
                return array;
            }
            default:
            {
                final boolean[] array = new boolean[n];
                for (int i = 0; i < n; i++)
                {
                    array[i] = reader.getByte() != 0;
                }
                return array;
            }
        }
    }
}
