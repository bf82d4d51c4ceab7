package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Values holding other values: tuples ({@code Object[]}, an int count as {@link io.flotilla.protocol.codec.ValueCodec} always
 * wrote them), lists, sets, maps (a varint count) and {@code Optional}. What each decodes as:
 * <ul>
 *   <li>any {@code List} as an {@code ArrayList} (mutable, in order);</li>
 *   <li>any {@code Set} as a {@code LinkedHashSet} in the writer's iteration order; a {@code SortedSet} in natural
 *   order as a {@code TreeSet} (one with a comparator travels as a plain set: its order kept, its comparator not);</li>
 *   <li>any {@code Map} as a {@code LinkedHashMap}, likewise a natural-order {@code SortedMap} as a {@code TreeMap};</li>
 *   <li>{@code Optional} as itself, empty written as a null inside.</li>
 * </ul>
 * A count read back is checked against the bytes left (every element takes at least one) before anything is sized.
 */
final class CollectionCodec
{
    private CollectionCodec()
    {
    }

    static int length(final byte tag, final Object value, final TypeScope.Encoding scope, final int depth)
    {
        switch (tag)
        {
            case Tags.TUPLE:
            {
                int length = Integer.BYTES;
                for (final Object element : (Object[])value)
                {
                    length += JavaValues.length(element, scope, depth + 1);
                }
                return length;
            }
            case Tags.LIST, Tags.SET, Tags.SORTED_SET:
            {
                final Collection<?> collection = (Collection<?>)value;
                int length = VarInts.length(collection.size());
                if (value instanceof List<?> list && value instanceof java.util.RandomAccess)
                {
                    for (int i = 0, n = list.size(); i < n; i++)
                    {
                        length += JavaValues.length(list.get(i), scope, depth + 1);
                    }
                    return length;
                }
                for (final Object element : collection)
                {
                    length += JavaValues.length(element, scope, depth + 1);
                }
                return length;
            }
            case Tags.MAP, Tags.SORTED_MAP:
            {
                final Map<?, ?> map = (Map<?, ?>)value;
                int length = VarInts.length(map.size());
                for (final Map.Entry<?, ?> entry : map.entrySet())
                {
                    length += JavaValues.length(entry.getKey(), scope, depth + 1);
                    length += JavaValues.length(entry.getValue(), scope, depth + 1);
                }
                return length;
            }
            default:
                return JavaValues.length(((Optional<?>)value).orElse(null), scope, depth + 1);
        }
    }

    static int write(
        final byte tag, final MutableDirectBuffer buffer, final int offset, final Object value,
        final TypeScope.Encoding scope, final int depth)
    {
        int at = offset;
        switch (tag)
        {
            case Tags.TUPLE:
            {
                final Object[] tuple = (Object[])value;
                buffer.putInt(at, tuple.length);
                at += Integer.BYTES;
                for (final Object element : tuple)
                {
                    at = JavaValues.write(buffer, at, element, scope, depth + 1);
                }
                return at;
            }
            case Tags.LIST, Tags.SET, Tags.SORTED_SET:
            {
                final Collection<?> collection = (Collection<?>)value;
                final int size = collection.size();
                at = VarInts.put(buffer, at, size);
                int written = 0;
                if (value instanceof List<?> list && value instanceof java.util.RandomAccess)
                {
                    for (; written < size; written++)
                    {
                        at = JavaValues.write(buffer, at, list.get(written), scope, depth + 1);
                    }
                }
                else
                {
                    for (final Object element : collection)
                    {
                        if (written++ == size)
                        {
                            throw changedWhileWritten(size);
                        }
                        at = JavaValues.write(buffer, at, element, scope, depth + 1);
                    }
                }
                if (written != size)
                {
                    throw changedWhileWritten(size);
                }
                return at;
            }
            case Tags.MAP, Tags.SORTED_MAP:
            {
                final Map<?, ?> map = (Map<?, ?>)value;
                final int size = map.size();
                at = VarInts.put(buffer, at, size);
                int written = 0;
                for (final Map.Entry<?, ?> entry : map.entrySet())
                {
                    if (written++ == size)
                    {
                        throw changedWhileWritten(size);
                    }
                    at = JavaValues.write(buffer, at, entry.getKey(), scope, depth + 1);
                    at = JavaValues.write(buffer, at, entry.getValue(), scope, depth + 1);
                }
                if (written != size)
                {
                    throw changedWhileWritten(size);
                }
                return at;
            }
            default:
                return JavaValues.write(buffer, at, ((Optional<?>)value).orElse(null), scope, depth + 1);
        }
    }

    private static IllegalArgumentException changedWhileWritten(final int size)
    {
        return new IllegalArgumentException("collection changed while it was written: size=" + size);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object read(final byte tag, final WireReader reader, final int depth)
    {
        switch (tag)
        {
            case Tags.TUPLE:
            {
                final int length = reader.getInt();
                if (length < 0 || length > reader.remaining())
                {
                    throw reader.corrupt("tuple length out of range: length=" + length + ", remaining=" +
                        reader.remaining());
                }
                final Object[] tuple = new Object[length];
                for (int i = 0; i < length; i++)
                {
                    tuple[i] = JavaValues.read(reader, depth + 1);
                }
                return tuple;
            }
            case Tags.LIST:
            {
                final int size = reader.getSize(1);
                final List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++)
                {
                    list.add(JavaValues.read(reader, depth + 1));
                }
                return list;
            }
            case Tags.SET, Tags.SORTED_SET:
            {
                final int size = reader.getSize(1);
                final Collection set = Tags.SET == tag ? new LinkedHashSet<>(capacity(size)) : new TreeSet<>();
                for (int i = 0; i < size; i++)
                {
                    final Object element = JavaValues.read(reader, depth + 1);
                    if (!set.add(element))
                    {
                        throw reader.corrupt("a set holds an element twice: size=" + size + ", index=" + i);
                    }
                }
                return set;
            }
            case Tags.MAP, Tags.SORTED_MAP:
            {
                final int size = reader.getSize(2);
                final Map map = Tags.MAP == tag ? new LinkedHashMap<>(capacity(size)) : new TreeMap<>();
                for (int i = 0; i < size; i++)
                {
                    final Object key = JavaValues.read(reader, depth + 1);
                    if (map.containsKey(key))
                    {
                        throw reader.corrupt("a map holds a key twice: size=" + size + ", index=" + i);
                    }
                    map.put(key, JavaValues.read(reader, depth + 1));
                }
                return map;
            }
            default:
                return Optional.ofNullable(JavaValues.read(reader, depth + 1));
        }
    }

    private static int capacity(final int size)
    {
        return (int)Math.min(1 << 30, size * 4L / 3 + 1);
    }
}
