package io.flotilla.protocol.codec;

/**
 * The one-byte tags of values on the wire. 0 to 11 are {@link io.flotilla.protocol.codec.ValueCodec}'s own (null, the
 * primitive wrappers, {@code String}, {@code byte[]}, tuples); 12 on are Java's own data, read and written by
 * {@link JavaValues}:
 * <pre>
 *   RECORD            typeRef, then each component as a tagged value, in declaration order
 *   ENUM              typeRef, varint ordinal
 *   CUSTOM            typeRef (the codec's type), varint length, the bytes the user's Codec wrote
 *   MARSHALLABLE      typeRef, varint length, the bytes writeMarshallable wrote
 *   LIST              varint size, tagged elements                    (decodes as ArrayList)
 *   SET               varint size, tagged elements in iteration order (decodes as LinkedHashSet)
 *   SORTED_SET        as SET; a natural-order SortedSet               (decodes as TreeSet)
 *   MAP               varint size, tagged key then tagged value       (decodes as LinkedHashMap)
 *   SORTED_MAP        as MAP; a natural-order SortedMap               (decodes as TreeMap)
 *   OPTIONAL          a tagged value, NULL for empty
 *   *_ARRAY           varint length, the elements raw (boolean as one byte)
 *   INSTANT, DURATION long seconds, int nanos
 *   LOCAL_DATE        int year, byte month, byte day
 *   LOCAL_TIME        long nano of day
 *   LOCAL_DATE_TIME   LOCAL_DATE's then LOCAL_TIME's bytes
 *   OFFSET_DATE_TIME  LOCAL_DATE_TIME's bytes, int offset seconds
 *   ZONED_DATE_TIME   OFFSET_DATE_TIME's bytes, varint length, zone id (UTF-8)
 *   PERIOD            int years, int months, int days
 *   UUID              long most, long least significant bits
 *   BIG_INTEGER       varint length, two's complement big-endian bytes
 *   BIG_DECIMAL       int scale, then BIG_INTEGER's bytes of the unscaled value
 *   BYTE_BUFFER       varint length, the bytes from position to limit (decodes as a heap buffer)
 * </pre>
 * A typeRef names a record, enum or custom type once per value: varint 0 then a definition (varint length, the class
 * name in UTF-8, int shape hash, varint count of components or constants), which takes the next index of the value's
 * type scope; or varint {@code i + 1} for the type at index {@code i}. See {@link TypeScope}.
 */
public final class Tags
{
    // ValueCodec's tags, mirrored here (ValueCodecTagsTest checks they agree)
    public static final byte NULL = 0;
    public static final byte INT = 1;
    public static final byte LONG = 2;
    public static final byte DOUBLE = 3;
    public static final byte FLOAT = 4;
    public static final byte SHORT = 5;
    public static final byte BYTE = 6;
    public static final byte BOOLEAN = 7;
    public static final byte CHAR = 8;
    public static final byte STRING = 9;
    public static final byte BYTES = 10;
    public static final byte TUPLE = 11;

    /** The first tag {@link JavaValues} reads. */
    public static final byte FIRST = 12;
    public static final byte RECORD = 12;
    public static final byte ENUM = 13;
    public static final byte CUSTOM = 14;
    public static final byte MARSHALLABLE = 15;
    public static final byte LIST = 16;
    public static final byte SET = 17;
    public static final byte SORTED_SET = 18;
    public static final byte MAP = 19;
    public static final byte SORTED_MAP = 20;
    public static final byte OPTIONAL = 21;
    public static final byte INT_ARRAY = 22;
    public static final byte LONG_ARRAY = 23;
    public static final byte DOUBLE_ARRAY = 24;
    public static final byte FLOAT_ARRAY = 25;
    public static final byte SHORT_ARRAY = 26;
    public static final byte CHAR_ARRAY = 27;
    public static final byte BOOLEAN_ARRAY = 28;
    public static final byte INSTANT = 29;
    public static final byte DURATION = 30;
    public static final byte LOCAL_DATE = 31;
    public static final byte LOCAL_TIME = 32;
    public static final byte LOCAL_DATE_TIME = 33;
    public static final byte OFFSET_DATE_TIME = 34;
    public static final byte ZONED_DATE_TIME = 35;
    public static final byte PERIOD = 36;
    public static final byte UUID = 37;
    public static final byte BIG_INTEGER = 38;
    public static final byte BIG_DECIMAL = 39;
    public static final byte BYTE_BUFFER = 40;
    /** One past the last tag. */
    public static final byte END = 41;

    private Tags()
    {
    }
}
