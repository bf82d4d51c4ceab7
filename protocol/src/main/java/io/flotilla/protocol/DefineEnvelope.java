package io.flotilla.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

import static io.flotilla.protocol.EnvelopeDescriptor.*;

/**
 * Flyweight over a DEFINE envelope (layout in {@link EnvelopeDescriptor}): a function's name crosses once, then
 * tasks carry its small id. Every worker of a shard applies every define record it passes, claimed or not. With
 * {@link #LAMBDA} set, the name is a lambda's {@link LambdaShape} instead of a task class name.
 */
public final class DefineEnvelope
{
    /** Longest function name in UTF-8 bytes. */
    public static final int MAX_NAME_LENGTH = 1024;
    /** Flag: the name is an encoded {@link LambdaShape}, not a task class name. */
    public static final byte LAMBDA = 1;

    private DirectBuffer buffer;
    private int offset;

    /**
     * @return this, or throws {@link IpcException} when the bytes are not a whole DEFINE envelope.
     */
    public DefineEnvelope wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        if (length < DEFINE_HEADER_LENGTH || TYPE_DEFINE != buffer.getByte(offset + TYPE_OFFSET) ||
            DEFINE_HEADER_LENGTH + nameLength() > length)
        {
            throw new IpcException("malformed define envelope: length=" + length);
        }
        return this;
    }

    /**
     * @return the encoded length of a define record for that name.
     */
    public static int encodedLength(final String name)
    {
        return DEFINE_HEADER_LENGTH + name.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Writes a whole define record. Not on the hot path: a function is defined once per pool.
     *
     * @return the envelope length.
     */
    public static int encode(final MutableDirectBuffer buffer, final int offset, final int functionId, final String name)
    {
        return encode(buffer, offset, functionId, name, (byte)0);
    }

    /**
     * {@link #encode(MutableDirectBuffer, int, int, String)} with flags, {@link #LAMBDA} or none.
     *
     * @return the envelope length.
     */
    public static int encode(
        final MutableDirectBuffer buffer, final int offset, final int functionId, final String name, final byte flags)
    {
        final byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == 0 || utf8.length > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException(
                "function name length out of range: length=" + utf8.length + ", max=" + MAX_NAME_LENGTH);
        }
        buffer.putByte(offset + TYPE_OFFSET, TYPE_DEFINE);
        buffer.putByte(offset + DEFINE_FLAGS_OFFSET, flags);
        buffer.putShort(offset + 2, (short)0);
        buffer.putInt(offset + DEFINE_FUNCTION_ID_OFFSET, functionId);
        buffer.putInt(offset + DEFINE_NAME_LENGTH_OFFSET, utf8.length);
        buffer.putBytes(offset + DEFINE_HEADER_LENGTH, utf8);
        return DEFINE_HEADER_LENGTH + utf8.length;
    }

    /** @return whether the name is an encoded {@link LambdaShape}. */
    public boolean isLambda()
    {
        return 0 != (buffer.getByte(offset + DEFINE_FLAGS_OFFSET) & LAMBDA);
    }

    /** @return the task class name, or a lambda's readable name ({@link LambdaShape#displayNameOf}); allocates. */
    public String displayName()
    {
        return isLambda() ? LambdaShape.displayNameOf(name()) : name();
    }

    public int functionId()
    {
        return buffer.getInt(offset + DEFINE_FUNCTION_ID_OFFSET);
    }

    public int nameLength()
    {
        return buffer.getInt(offset + DEFINE_NAME_LENGTH_OFFSET);
    }

    /** @return the name; allocates, which is fine for a record sent once per function. */
    public String name()
    {
        return buffer.getStringWithoutLengthUtf8(offset + DEFINE_HEADER_LENGTH, nameLength());
    }
}
