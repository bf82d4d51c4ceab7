package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;

/**
 * Java's own data on the wire, for {@link ValueCodec}: tuples, records, enums, collections, {@code Optional},
 * primitive arrays, {@code java.time}, {@code UUID}, big numbers, {@code ByteBuffer}, Chronicle
 * {@code BytesMarshallable} and users' codecs (tags in {@link Tags}). {@link ValueCodec} hands over every value that is
 * not a scalar of its own, so each such top-level value is one type scope ({@link TypeScope}).
 * <p>
 * Writing assumes the value was checked ({@link ValueCheck}); reading checks everything against the bytes left and
 * fails with an {@link IllegalStateException} naming the problem, never allocating more than the bytes could hold.
 */
public final class JavaValues
{
    /** Values nest at most this deep (records in lists in maps ...); deeper is refused, which also stops cycles. */
    public static final int MAX_DEPTH = 64;

    private JavaValues()
    {
    }

    /** @return the bytes {@link #encode(MutableDirectBuffer, int, Object)} writes for the value. */
    public static int encodedLength(final Object value)
    {
        return encodedLength(value, PoolTypes.processDefault());
    }

    /**
     * @param types the pool type table to name types by, or null to name them in the value.
     * @return the bytes {@link #encode(MutableDirectBuffer, int, Object, PoolTypes)} writes for the value.
     */
    public static int encodedLength(final Object value, final PoolTypes types)
    {
        final TypeScope.Encoding scope = TypeScope.Encoding.acquire(types);
        try
        {
            return length(value, scope, 0);
        }
        finally
        {
            scope.release();
        }
    }

    /**
     * Writes the value naming types by this process's pool type table, if it has one (a worker's).
     *
     * @return the offset after the value.
     */
    public static int encode(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        return encode(buffer, offset, value, PoolTypes.processDefault());
    }

    /**
     * Writes any value, {@link ValueCodec}'s scalars too.
     *
     * @param types the pool type table to name types by (see {@link PoolTypes}), or null to name them in the value.
     * @return the offset after the value.
     */
    public static int encode(
        final MutableDirectBuffer buffer, final int offset, final Object value, final PoolTypes types)
    {
        if (scalarTag(value) >= 0)
        {
            return ValueCodec.encode(buffer, offset, value);
        }
        final TypeScope.Encoding scope = TypeScope.Encoding.acquire(types);
        try
        {
            return write(buffer, offset, value, scope, 0);
        }
        finally
        {
            scope.release();
        }
    }

    /**
     * Reads a value whose tag {@link ValueCodec} read, the cursor after the tag, and moves the cursor past it.
     *
     * @throws IllegalStateException naming the problem when the bytes are not a whole value of a type read here.
     */
    public static Object decode(final byte tag, final ValueCodec.Cursor cursor)
    {
        final WireReader reader = WireReader.acquire()
            .wrap(cursor.buffer(), cursor.offset(), cursor.limit(), cursor.lenient(),
            null != cursor.types() ? cursor.types() : PoolTypes.processDefault());
        try
        {
            final Object value = readTagged(reader, tag, 0);
            cursor.offset(reader.offset);
            return value;
        }
        catch (final IllegalStateException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw reader.corrupt("cannot read a value: tag=" + tag + ", problem=" + ex);
        }
        catch (final StackOverflowError ex)
        {
            throw reader.corrupt("value nests too deep to read: tag=" + tag);
        }
        finally
        {
            reader.release();
        }
    }

    /** @return the tag a value is written with, or -1 when no codec takes it. */
    static byte tagOf(final Object value)
    {
        final byte scalar = scalarTag(value);
        if (scalar >= 0)
        {
            return scalar;
        }
        final WireType type = TypeTable.forClass(value.getClass());
        if (null != type)
        {
            return type.tag;
        }
        return builtinTag(value);
    }

    /** @return the tag of a value that is neither a scalar nor of a {@link WireType}, or -1 when no codec takes it. */
    private static byte builtinTag(final Object value)
    {
        if (value instanceof Object[])
        {
            return Tags.TUPLE;
        }
        if (value instanceof List<?>)
        {
            return Tags.LIST;
        }
        return switch (value)
        {
            case SortedSet<?> v -> null == v.comparator() ? Tags.SORTED_SET : Tags.SET;
            case Set<?> v -> Tags.SET;
            case SortedMap<?, ?> v -> null == v.comparator() ? Tags.SORTED_MAP : Tags.MAP;
            case Map<?, ?> v -> Tags.MAP;
            case Optional<?> v -> Tags.OPTIONAL;
            case int[] v -> Tags.INT_ARRAY;
            case long[] v -> Tags.LONG_ARRAY;
            case double[] v -> Tags.DOUBLE_ARRAY;
            case float[] v -> Tags.FLOAT_ARRAY;
            case short[] v -> Tags.SHORT_ARRAY;
            case char[] v -> Tags.CHAR_ARRAY;
            case boolean[] v -> Tags.BOOLEAN_ARRAY;
            case Instant v -> Tags.INSTANT;
            case Duration v -> Tags.DURATION;
            case LocalDate v -> Tags.LOCAL_DATE;
            case LocalTime v -> Tags.LOCAL_TIME;
            case LocalDateTime v -> Tags.LOCAL_DATE_TIME;
            case OffsetDateTime v -> Tags.OFFSET_DATE_TIME;
            case ZonedDateTime v -> Tags.ZONED_DATE_TIME;
            case Period v -> Tags.PERIOD;
            case UUID v -> Tags.UUID;
            case BigInteger v -> Tags.BIG_INTEGER;
            case BigDecimal v -> Tags.BIG_DECIMAL;
            case ByteBuffer v -> Tags.BYTE_BUFFER;
            default -> -1;
        };
    }

    /** @return the tag of one of {@link ValueCodec}'s own scalars (null included), or -1. */
    private static byte scalarTag(final Object value)
    {
        // an instanceof chain, most common first: cheaper on this path than a pattern switch's bootstrap
        if (null == value)
        {
            return Tags.NULL;
        }
        if (value instanceof Integer)
        {
            return Tags.INT;
        }
        if (value instanceof Long)
        {
            return Tags.LONG;
        }
        if (value instanceof String)
        {
            return Tags.STRING;
        }
        if (value instanceof Double)
        {
            return Tags.DOUBLE;
        }
        if (value instanceof Boolean)
        {
            return Tags.BOOLEAN;
        }
        if (value instanceof byte[])
        {
            return Tags.BYTES;
        }
        if (value instanceof Float)
        {
            return Tags.FLOAT;
        }
        if (value instanceof Short)
        {
            return Tags.SHORT;
        }
        if (value instanceof Byte)
        {
            return Tags.BYTE;
        }
        if (value instanceof Character)
        {
            return Tags.CHAR;
        }
        return -1;
    }

    static int length(final Object value, final TypeScope.Encoding scope, final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("value nests deeper than " + MAX_DEPTH);
        }
        if (value instanceof Integer)
        {
            return 1 + Integer.BYTES;
        }
        if (scalarTag(value) >= 0)
        {
            return ValueCodec.encodedLength(value);
        }
        final WireType type = TypeTable.forClass(value.getClass());
        if (null != type)
        {
            final int reference = type.referenceLength(scope);
            return 1 + reference + type.bodyLength(value, scope, depth);
        }
        final byte tag = builtinTag(value);
        return switch (tag)
        {
            case -1 -> throw new IllegalArgumentException("no codec for type=" + value.getClass().getName());
            case Tags.TUPLE, Tags.LIST, Tags.SET, Tags.SORTED_SET, Tags.MAP, Tags.SORTED_MAP, Tags.OPTIONAL ->
                1 + CollectionCodec.length(tag, value, scope, depth);
            case Tags.INT_ARRAY, Tags.LONG_ARRAY, Tags.DOUBLE_ARRAY, Tags.FLOAT_ARRAY, Tags.SHORT_ARRAY,
                Tags.CHAR_ARRAY, Tags.BOOLEAN_ARRAY -> 1 + ArrayCodec.length(tag, value);
            default -> 1 + ScalarCodec.length(tag, value);
        };
    }

    static int write(
        final MutableDirectBuffer buffer, final int offset, final Object value, final TypeScope.Encoding scope,
        final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("value nests deeper than " + MAX_DEPTH);
        }
        if (value instanceof Integer v)
        {
            buffer.putByte(offset, Tags.INT);
            buffer.putInt(offset + 1, v);
            return offset + 1 + Integer.BYTES;
        }
        if (value instanceof String s)
        {
            return Strings.put(buffer, offset, s);
        }
        if (scalarTag(value) >= 0)
        {
            return ValueCodec.encode(buffer, offset, value);
        }
        final WireType type = TypeTable.forClass(value.getClass());
        if (null != type)
        {
            buffer.putByte(offset, type.tag);
            final int at = type.writeReference(buffer, offset + 1, scope);
            return type.writeBody(buffer, at, value, scope, depth);
        }
        final byte tag = builtinTag(value);
        switch (tag)
        {
            case -1:
                throw new IllegalArgumentException("no codec for type=" + value.getClass().getName());
            case Tags.TUPLE, Tags.LIST, Tags.SET, Tags.SORTED_SET, Tags.MAP, Tags.SORTED_MAP, Tags.OPTIONAL:
                buffer.putByte(offset, tag);
                return CollectionCodec.write(tag, buffer, offset + 1, value, scope, depth);
            case Tags.INT_ARRAY, Tags.LONG_ARRAY, Tags.DOUBLE_ARRAY, Tags.FLOAT_ARRAY, Tags.SHORT_ARRAY,
                Tags.CHAR_ARRAY, Tags.BOOLEAN_ARRAY:
                buffer.putByte(offset, tag);
                return ArrayCodec.write(tag, buffer, offset + 1, value);
            default:
                buffer.putByte(offset, tag);
                return ScalarCodec.write(tag, buffer, offset + 1, value);
        }
    }

    /** Reads a tagged value. */
    static Object read(final WireReader reader, final int depth)
    {
        return readTagged(reader, reader.getByte(), depth);
    }

    static Object readTagged(final WireReader reader, final byte tag, final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw reader.corrupt("value nests deeper than " + MAX_DEPTH);
        }
        switch (tag)
        {
            case Tags.NULL:
                return null;
            case Tags.INT:
                return reader.getInt();
            case Tags.LONG:
                return reader.getLong();
            case Tags.DOUBLE:
                return reader.getDouble();
            case Tags.FLOAT:
                return reader.getFloat();
            case Tags.SHORT:
                return reader.getShort();
            case Tags.BYTE:
                return reader.getByte();
            case Tags.BOOLEAN:
                return reader.getByte() != 0;
            case Tags.CHAR:
                return reader.getChar();
            case Tags.STRING:
                return reader.getString();
            case Tags.BYTES:
            {
                final int length = reader.getInt();
                return reader.getBytes(length);
            }
            case Tags.RECORD, Tags.ENUM, Tags.CUSTOM, Tags.MARSHALLABLE:
                return readReference(reader, tag).readBody(reader, depth);
            case Tags.TUPLE, Tags.LIST, Tags.SET, Tags.SORTED_SET, Tags.MAP, Tags.SORTED_MAP, Tags.OPTIONAL:
                return CollectionCodec.read(tag, reader, depth);
            case Tags.INT_ARRAY, Tags.LONG_ARRAY, Tags.DOUBLE_ARRAY, Tags.FLOAT_ARRAY, Tags.SHORT_ARRAY,
                Tags.CHAR_ARRAY, Tags.BOOLEAN_ARRAY:
                return ArrayCodec.read(tag, reader);
            default:
                if (tag >= Tags.INSTANT && tag < Tags.END)
                {
                    return ScalarCodec.read(tag, reader);
                }
                throw reader.corrupt("unknown value tag: tag=" + tag);
        }
    }

    private static WireType readReference(final WireReader reader, final byte tag)
    {
        final int reference = VarInts.get(reader);
        if (1 == (reference & 1))
        {
            if (null == reader.types)
            {
                throw reader.corrupt("value names a pool type but this reader has no pool type table: id=" +
                    (reference >>> 1));
            }
            return reader.types.typeOf(reference >>> 1, tag, reader);
        }
        if (0 != reference)
        {
            final WireType type = reader.scope.get(reference >>> 1);
            if (null == type || type.tag != tag)
            {
                throw reader.corrupt("no such type in the value: reference=" + reference + ", tag=" + tag);
            }
            return type;
        }
        final int nameLength = VarInts.get(reader);
        if (0 == nameLength || nameLength > WireType.MAX_NAME_LENGTH)
        {
            throw reader.corrupt("type name length out of range: length=" + nameLength + ", range=1.." +
                WireType.MAX_NAME_LENGTH);
        }
        reader.need(nameLength);
        final int nameOffset = reader.offset;
        reader.offset += nameLength;
        final int shape = reader.getInt();
        final int count = Tags.RECORD == tag ? reader.getSize(1) : VarInts.get(reader);
        final WireType type = TypeTable.resolve(tag, reader, nameOffset, nameLength, shape, count);
        reader.scope.define(type);
        return type;
    }
}
