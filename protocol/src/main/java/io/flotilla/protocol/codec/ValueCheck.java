package io.flotilla.protocol.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks at submit that a codec takes a value and everything in it, and otherwise says where inside the value the first
 * thing no codec takes is: {@code .address.zip} for a record's components, {@code [3]} for a list's, set's or tuple's
 * elements, {@code [key]} for a map's values, {@code .key(key)} for its keys, {@code .get()} for an {@code Optional}'s
 * content. Nothing is allocated for a value that passes.
 */
public final class ValueCheck
{
    private static final int MAX_KEY_CHARS = 40;

    private ValueCheck()
    {
    }

    /** What a codec does not take, and where it is inside the value. */
    public static final class Refusal
    {
        private final StringBuilder path = new StringBuilder();
        private final String reason;

        Refusal(final String reason)
        {
            this.reason = reason;
        }

        Refusal in(final String segment)
        {
            path.insert(0, segment);
            return this;
        }

        /** @return where inside the value, e.g. {@code .items[3].zip}; empty for the value itself. */
        public String path()
        {
            return path.toString();
        }

        /** @return why, naming the type, e.g. {@code no codec for type=java.awt.Point}. */
        public String reason()
        {
            return reason;
        }

        @Override
        public String toString()
        {
            return path.isEmpty() ? reason : path + ": " + reason;
        }
    }

    /** @return null when a codec takes the value and all in it, else what does not fit and where. */
    public static Refusal check(final Object value)
    {
        return check(value, 0);
    }

    private static Refusal check(final Object value, final int depth)
    {
        if (depth > JavaValues.MAX_DEPTH)
        {
            return new Refusal("value nests deeper than " + JavaValues.MAX_DEPTH + " (does it hold itself?)");
        }
        final byte tag = JavaValues.tagOf(value);
        switch (tag)
        {
            case -1:
            {
                final String refusal = TypeTable.refusal(value.getClass());
                return new Refusal(null != refusal ? refusal : "no codec for type=" + value.getClass().getName() +
                    " (supported: primitive wrappers, String, byte[], tuples, records, enums, List, Set, Map, " +
                    "Optional, primitive arrays, java.time, UUID, BigInteger, BigDecimal, ByteBuffer, " +
                    "BytesMarshallable; register a Codec on the pool for others)");
            }
            case Tags.TUPLE:
            {
                final Object[] tuple = (Object[])value;
                for (int i = 0; i < tuple.length; i++)
                {
                    final Refusal refusal = check(tuple[i], depth + 1);
                    if (null != refusal)
                    {
                        return refusal.in("[" + i + "]");
                    }
                }
                return null;
            }
            case Tags.RECORD:
                return checkRecord(value, depth);
            case Tags.LIST, Tags.SET, Tags.SORTED_SET:
            {
                int i = 0;
                if (value instanceof List<?> list && value instanceof java.util.RandomAccess)
                {
                    for (int n = list.size(); i < n; i++)
                    {
                        final Refusal refusal = check(list.get(i), depth + 1);
                        if (null != refusal)
                        {
                            return refusal.in("[" + i + "]");
                        }
                    }
                    return null;
                }
                for (final Object element : (Collection<?>)value)
                {
                    final Refusal refusal = check(element, depth + 1);
                    if (null != refusal)
                    {
                        return refusal.in("[" + i + "]");
                    }
                    i++;
                }
                return null;
            }
            case Tags.MAP, Tags.SORTED_MAP:
                for (final Map.Entry<?, ?> entry : ((Map<?, ?>)value).entrySet())
                {
                    Refusal refusal = check(entry.getKey(), depth + 1);
                    if (null != refusal)
                    {
                        return refusal.in(".key(" + keyText(entry.getKey()) + ")");
                    }
                    refusal = check(entry.getValue(), depth + 1);
                    if (null != refusal)
                    {
                        return refusal.in("[" + keyText(entry.getKey()) + "]");
                    }
                }
                return null;
            case Tags.OPTIONAL:
            {
                final Refusal refusal = check(((Optional<?>)value).orElse(null), depth + 1);
                return null == refusal ? null : refusal.in(".get()");
            }
            case Tags.BIG_INTEGER, Tags.BIG_DECIMAL:
            {
                final BigInteger big = value instanceof BigDecimal decimal ? decimal.unscaledValue() : (BigInteger)value;
                return big.bitLength() / 8 + 1 > ScalarCodec.MAX_BIG_BYTES ? new Refusal("number too large: bytes=" +
                    (big.bitLength() / 8 + 1) + ", limit=" + ScalarCodec.MAX_BIG_BYTES) : null;
            }
            default:
                return null;
        }
    }

    private static Refusal checkRecord(final Object value, final int depth)
    {
        final RecordType type = (RecordType)TypeTable.forClass(value.getClass());
        for (int i = 0; i < type.names.length; i++)
        {
            if (type.isPrimitive(i))
            {
                continue;
            }
            final Object component;
            try
            {
                component = type.component(value, i);
            }
            catch (final IllegalArgumentException ex)
            {
                return new Refusal(ex.getMessage()).in("." + type.names[i]);
            }
            final Refusal refusal = check(component, depth + 1);
            if (null != refusal)
            {
                return refusal.in("." + type.names[i]);
            }
        }
        return null;
    }

    private static String keyText(final Object key)
    {
        String text;
        try
        {
            text = key instanceof String s ? '"' + s + '"' : String.valueOf(key);
        }
        catch (final RuntimeException ex)
        {
            text = "?";
        }
        return text.length() > MAX_KEY_CHARS ? text.substring(0, MAX_KEY_CHARS) + "..." : text;
    }
}
