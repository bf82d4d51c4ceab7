package io.flotilla.protocol.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes task arguments and results: a one-byte tag, then the value, little-endian, written straight into an Agrona
 * buffer. This class writes null (results only), the primitive wrappers, {@code String} and {@code byte[]}; every other
 * value (a tuple, for {@code starmap}; records, enums, collections, {@code java.time} ...) goes to {@link JavaValues}
 * (tags in {@link Tags}). Anything no codec takes is refused at submit with its type and its place in the value named;
 * Java serialization is never used.
 */
public final class ValueCodec
{
    static final byte NULL = 0;
    static final byte INT = 1;
    static final byte LONG = 2;
    static final byte DOUBLE = 3;
    static final byte FLOAT = 4;
    static final byte SHORT = 5;
    static final byte BYTE = 6;
    static final byte BOOLEAN = 7;
    static final byte CHAR = 8;
    static final byte STRING = 9;
    static final byte BYTES = 10;
    static final byte TUPLE = 11;

    /** Tuples nest at most this deep. */
    static final int MAX_DEPTH = 8;

    private ValueCodec()
    {
    }

    /**
     * @return why no codec takes this value, naming its type, or null when one does.
     */
    public static String unsupportedReason(final Object value)
    {
        final ValueCheck.Refusal refusal = ValueCheck.check(value);
        return null == refusal ? null : refusal.toString();
    }

    /**
     * @return the exact number of bytes {@link #encode} writes for the value; the value must be supported.
     */
    public static int encodedLength(final Object value)
    {
        return switch (value)
        {
            case null -> 1;
            case Integer v -> 1 + Integer.BYTES;
            case Long v -> 1 + Long.BYTES;
            case Double v -> 1 + Double.BYTES;
            case Float v -> 1 + Float.BYTES;
            case Short v -> 1 + Short.BYTES;
            case Byte v -> 2;
            case Boolean v -> 2;
            case Character v -> 1 + Character.BYTES;
            case String v -> 1 + Integer.BYTES + utf8Length(v);
            case byte[] v -> 1 + Integer.BYTES + v.length;
            default -> JavaValues.encodedLength(value);
        };
    }

    private static int utf8Length(final String s)
    {
        int length = 0;
        for (int i = 0, n = s.length(); i < n; i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                length++;
            }
            else if (c < 0x800)
            {
                length += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1)))
            {
                length += 4;
                i++;
            }
            else
            {
                length += 3;
            }
        }
        return length;
    }

    /**
     * Writes a value; the buffer must be able to grow (an expandable buffer) or be large enough.
     *
     * @return the offset after the value.
     */
    public static int encode(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        int at = offset;
        switch (value)
        {
            case null -> buffer.putByte(at++, NULL);
            case Integer v ->
            {
                buffer.putByte(at++, INT);
                buffer.putInt(at, v);
                at += Integer.BYTES;
            }
            case Long v ->
            {
                buffer.putByte(at++, LONG);
                buffer.putLong(at, v);
                at += Long.BYTES;
            }
            case Double v ->
            {
                buffer.putByte(at++, DOUBLE);
                buffer.putDouble(at, v);
                at += Double.BYTES;
            }
            case Float v ->
            {
                buffer.putByte(at++, FLOAT);
                buffer.putFloat(at, v);
                at += Float.BYTES;
            }
            case Short v ->
            {
                buffer.putByte(at++, SHORT);
                buffer.putShort(at, v);
                at += Short.BYTES;
            }
            case Byte v ->
            {
                buffer.putByte(at++, BYTE);
                buffer.putByte(at++, v);
            }
            case Boolean v ->
            {
                buffer.putByte(at++, BOOLEAN);
                buffer.putByte(at++, (byte)(v ? 1 : 0));
            }
            case Character v ->
            {
                buffer.putByte(at++, CHAR);
                buffer.putChar(at, v);
                at += Character.BYTES;
            }
            case String v ->
            {
                buffer.putByte(at++, STRING);
                at += buffer.putStringUtf8(at, v);
            }
            case byte[] v ->
            {
                buffer.putByte(at++, BYTES);
                buffer.putInt(at, v.length);
                buffer.putBytes(at + Integer.BYTES, v);
                at += Integer.BYTES + v.length;
            }
            default -> at = JavaValues.encode(buffer, at, value);
        }
        return at;
    }

    /**
     * Reads a value at the cursor and moves the cursor past it.
     */
    public static Object decode(final Cursor cursor)
    {
        final DirectBuffer buffer = cursor.buffer;
        final byte tag = buffer.getByte(cursor.offset++);
        switch (tag)
        {
            case NULL:
                return null;
            case INT:
                cursor.offset += Integer.BYTES;
                return buffer.getInt(cursor.offset - Integer.BYTES);
            case LONG:
                cursor.offset += Long.BYTES;
                return buffer.getLong(cursor.offset - Long.BYTES);
            case DOUBLE:
                cursor.offset += Double.BYTES;
                return buffer.getDouble(cursor.offset - Double.BYTES);
            case FLOAT:
                cursor.offset += Float.BYTES;
                return buffer.getFloat(cursor.offset - Float.BYTES);
            case SHORT:
                cursor.offset += Short.BYTES;
                return buffer.getShort(cursor.offset - Short.BYTES);
            case BYTE:
                return buffer.getByte(cursor.offset++);
            case BOOLEAN:
                return buffer.getByte(cursor.offset++) != 0;
            case CHAR:
                cursor.offset += Character.BYTES;
                return buffer.getChar(cursor.offset - Character.BYTES);
            case STRING:
            {
                final int length = cursor.checkLength(buffer.getInt(cursor.offset));
                final String value = buffer.getStringUtf8(cursor.offset, length);
                cursor.offset += Integer.BYTES + length;
                return value;
            }
            case BYTES:
            {
                final int length = cursor.checkLength(buffer.getInt(cursor.offset));
                final byte[] value = new byte[length];
                buffer.getBytes(cursor.offset + Integer.BYTES, value);
                cursor.offset += Integer.BYTES + length;
                return value;
            }
            default:
                if (tag >= TUPLE && tag < Tags.END)
                {
                    return JavaValues.decode(tag, cursor);
                }
                throw new IllegalStateException("unknown value tag: tag=" + tag + ", offset=" + (cursor.offset - 1));
        }
    }

    /** Characters of an exception message kept in full; a longer one is cut, saying so. */
    static final int MESSAGE_LIMIT = 16 * 1024;
    /** Stack frames kept per level of a cause chain. */
    static final int FRAME_LIMIT = 128;

    /**
     * Writes an exception record: per level of the cause chain, the class name, the message, the stack. Nothing the
     * exception does can stop it: a {@code getMessage}, {@code getStackTrace} or {@code getCause} that throws or
     * returns null is recorded as what could be read, and a message over {@link #MESSAGE_LIMIT} is cut, saying so.
     */
    public static int encodeThrowable(final MutableDirectBuffer buffer, final int offset, final Throwable error)
    {
        return encodeThrowable(buffer, offset, error, MESSAGE_LIMIT, FRAME_LIMIT);
    }

    /**
     * {@link #encodeThrowable(MutableDirectBuffer, int, Throwable)} with smaller limits, for records that must fit a
     * smaller envelope.
     */
    public static int encodeThrowable(
        final MutableDirectBuffer buffer, final int offset, final Throwable error, final int messageLimit,
        final int frameLimit)
    {
        int at = offset;
        Throwable current = error;
        int depth = 0;
        while (null != current && depth < MAX_DEPTH)
        {
            buffer.putByte(at++, (byte)1);
            at += buffer.putStringUtf8(at, current.getClass().getName());
            at = encodeNullableString(buffer, at, cut(messageOf(current), messageLimit));
            final StackTraceElement[] stack = stackOf(current);
            final int countAt = at;
            at += Integer.BYTES;
            int frames = 0;
            for (int i = 0; i < stack.length && frames < frameLimit; i++)
            {
                final StackTraceElement frame = stack[i];
                if (null == frame)
                {
                    continue;
                }
                at += buffer.putStringUtf8(at, frame.getClassName());
                at += buffer.putStringUtf8(at, frame.getMethodName());
                at = encodeNullableString(buffer, at, frame.getFileName());
                buffer.putInt(at, frame.getLineNumber());
                at += Integer.BYTES;
                frames++;
            }
            buffer.putInt(countAt, frames);
            final Throwable cause = causeOf(current);
            current = cause == current ? null : cause;
            depth++;
        }
        buffer.putByte(at++, (byte)0);
        return at;
    }

    private static String messageOf(final Throwable error)
    {
        try
        {
            return error.getMessage();
        }
        catch (final Throwable ex)
        {
            return "(getMessage() threw " + ex.getClass().getName() + ")";
        }
    }

    private static StackTraceElement[] stackOf(final Throwable error)
    {
        try
        {
            final StackTraceElement[] stack = error.getStackTrace();
            return null == stack ? new StackTraceElement[0] : stack;
        }
        catch (final Throwable ex)
        {
            return new StackTraceElement[0];
        }
    }

    private static Throwable causeOf(final Throwable error)
    {
        try
        {
            return error.getCause();
        }
        catch (final Throwable ex)
        {
            return null;
        }
    }

    private static String cut(final String message, final int limit)
    {
        if (null == message || message.length() <= limit)
        {
            return message;
        }
        return message.substring(0, limit) + "... (message cut to " + limit + " of " + message.length() + " chars)";
    }

    /** A decoded exception record, one per level of the cause chain. */
    public record ThrowableRecord(String className, String message, StackTraceElement[] stack, ThrowableRecord cause)
    {
    }

    /**
     * Reads an exception record at the cursor.
     */
    public static ThrowableRecord decodeThrowable(final Cursor cursor)
    {
        final DirectBuffer buffer = cursor.buffer;
        if (buffer.getByte(cursor.offset++) == 0)
        {
            return null;
        }
        final String className = readString(cursor);
        final String message = readNullableString(cursor);
        final int frames = buffer.getInt(cursor.offset);
        cursor.offset += Integer.BYTES;
        final StackTraceElement[] stack = new StackTraceElement[frames];
        for (int i = 0; i < frames; i++)
        {
            final String declaringClass = readString(cursor);
            final String method = readString(cursor);
            final String file = readNullableString(cursor);
            final int line = buffer.getInt(cursor.offset);
            cursor.offset += Integer.BYTES;
            stack[i] = new StackTraceElement(declaringClass, method, file, line);
        }
        return new ThrowableRecord(className, message, stack, decodeThrowable(cursor));
    }

    private static int encodeNullableString(final MutableDirectBuffer buffer, final int offset, final String value)
    {
        if (null == value)
        {
            buffer.putByte(offset, (byte)0);
            return offset + 1;
        }
        buffer.putByte(offset, (byte)1);
        return offset + 1 + buffer.putStringUtf8(offset + 1, value);
    }

    private static String readString(final Cursor cursor)
    {
        final int length = cursor.buffer.getInt(cursor.offset);
        final String value = cursor.buffer.getStringUtf8(cursor.offset, length);
        cursor.offset += Integer.BYTES + length;
        return value;
    }

    private static String readNullableString(final Cursor cursor)
    {
        return cursor.buffer.getByte(cursor.offset++) == 0 ? null : readString(cursor);
    }

    /** Where decoding is in a buffer, and where the bytes to decode end. */
    public static final class Cursor
    {
        DirectBuffer buffer;
        int offset;
        int limit;
        boolean lenient;
        PoolTypes types;

        /** Decodes from the offset up to the buffer's end. */
        public Cursor wrap(final DirectBuffer buffer, final int offset)
        {
            return wrap(buffer, offset, buffer.capacity());
        }

        /** Decodes from the offset up to the limit (exclusive): nothing past it is read. */
        public Cursor wrap(final DirectBuffer buffer, final int offset, final int limit)
        {
            this.buffer = buffer;
            this.offset = offset;
            this.limit = limit;
            return this;
        }

        /**
         * A lenient cursor, for tools, reads a value whose record, enum or codec type it cannot load as a stand-in
         * ({@code UnknownRecord} ...) instead of failing.
         */
        public Cursor lenient(final boolean lenient)
        {
            this.lenient = lenient;
            return this;
        }

        public boolean lenient()
        {
            return lenient;
        }

        /** Values name their record, enum and codec types by this pool type table (null: the process's, if any). */
        public Cursor types(final PoolTypes types)
        {
            this.types = types;
            return this;
        }

        public PoolTypes types()
        {
            return types;
        }

        public DirectBuffer buffer()
        {
            return buffer;
        }

        public int offset()
        {
            return offset;
        }

        /** @return the byte at the cursor, which moves past it. */
        public byte readByte()
        {
            return buffer.getByte(offset++);
        }

        public void offset(final int offset)
        {
            this.offset = offset;
        }

        public int limit()
        {
            return limit;
        }

        int checkLength(final int length)
        {
            if (length < 0 || length > limit - offset - Integer.BYTES)
            {
                throw new IllegalStateException("corrupt value: length out of range: length=" + length +
                    ", offset=" + offset + ", limit=" + limit);
            }
            return length;
        }
    }

}
