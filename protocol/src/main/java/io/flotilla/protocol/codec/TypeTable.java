package io.flotilla.protocol.codec;

import net.openhft.chronicle.bytes.BytesMarshallable;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.reflect.Modifier;
import java.nio.ByteOrder;

/**
 * The process's table of types that travel by name: for writing, each class's {@link WireType} (made once per class,
 * remade when users register codecs); for reading, the types by the bytes of their names, so a value names its class
 * without a {@code String} made for the lookup.
 * <p>
 * Reading loads a class by a name that came off the wire: it is loaded without being initialised, checked to be a
 * record, an enum or a {@link BytesMarshallable} as the tag says (a custom type must have its codec registered, and is
 * never loaded by name), and only then initialised. Any other class is refused, naming it.
 */
final class TypeTable
{
    private static final ClassValue<Entry> TYPES = new ClassValue<>()
    {
        @Override
        protected Entry computeValue(final Class<?> type)
        {
            return entry(type);
        }
    };

    private static final Object LOCK = new Object();
    private static volatile WireType[] byName = new WireType[64];
    private static int named;

    private TypeTable()
    {
    }

    /** A class's wire type, or why it cannot have one, as of a registry generation. */
    private record Entry(int generation, WireType type, String refusal)
    {
    }

    private static Entry entry(final Class<?> type)
    {
        final int generation = Codecs.generation();
        try
        {
            final io.flotilla.Codec<?> codec = Codecs.forClass(type);
            if (null != codec)
            {
                return new Entry(generation, new CustomType(codec), null);
            }
            if (type.isRecord())
            {
                return new Entry(generation, RecordType.of(type), null);
            }
            if (type.isEnum())
            {
                return new Entry(generation, EnumType.of(type), null);
            }
            if (null != type.getSuperclass() && type.getSuperclass().isEnum())
            {
                return new Entry(generation, forClass(type.getSuperclass()), null); // a constant with a body
            }
            if (BytesMarshallable.class.isAssignableFrom(type) && !type.isInterface() &&
                !Modifier.isAbstract(type.getModifiers()))
            {
                return new Entry(generation, MarshallableType.of(type), null);
            }
            return new Entry(generation, null, null);
        }
        catch (final IllegalArgumentException ex)
        {
            return new Entry(generation, null, ex.getMessage());
        }
    }

    private static Entry current(final Class<?> type)
    {
        final Entry entry = TYPES.get(type);
        if (entry.generation == Codecs.generation())
        {
            return entry;
        }
        TYPES.remove(type);
        return TYPES.get(type);
    }

    /** @return the class's wire type, or null when it travels otherwise (or not at all). */
    static WireType forClass(final Class<?> type)
    {
        return current(type).type;
    }

    /** @return why the class, a record or marshallable, cannot travel; or null. */
    static String refusal(final Class<?> type)
    {
        return current(type).refusal;
    }

    /**
     * @return the type a definition on the wire names, checked against the class here (kind, shape, count); a lenient
     * reader gets an {@link UnknownType} for a name it cannot load.
     * @throws IllegalStateException naming the type and the problem.
     */
    static WireType resolve(
        final byte tag, final WireReader reader, final int nameOffset, final int nameLength, final int shape,
        final int count)
    {
        return resolve(tag, reader, reader.buffer, nameOffset, nameLength, shape, count, null);
    }

    /** {@link #resolve(byte, WireReader, int, int, int, int)} of a name in another buffer, its text given or null. */
    static WireType resolve(
        final byte tag, final WireReader reader, final DirectBuffer names, final int nameOffset, final int nameLength,
        final int shape, final int count, final String nameText)
    {
        WireType type = find(names, nameOffset, nameLength);
        if (null == type)
        {
            final String name = null != nameText ? nameText : names.getStringWithoutLengthUtf8(nameOffset, nameLength);
            try
            {
                type = load(tag, name);
            }
            catch (final IllegalStateException ex)
            {
                if (reader.lenient)
                {
                    return new UnknownType(tag, name, shape, count, ex.getMessage());
                }
                throw ex;
            }
        }
        if (type.tag != tag || type.shape != shape || type.count != count)
        {
            if (reader.lenient)
            {
                return new UnknownType(tag, type.name, shape, count, "shape differs here");
            }
            throw new IllegalStateException("type differs between writer and reader (the same class version on both " +
                "sides?): type=" + type.name + ", tag=" + tag + ", shape=" + shape + ", count=" + count +
                ", here tag=" + type.tag + ", shape=" + type.shape + ", count=" + type.count);
        }
        return type;
    }

    private static WireType load(final byte tag, final String name)
    {
        if (Tags.CUSTOM == tag)
        {
            final io.flotilla.Codec<?> codec = Codecs.forName(name);
            if (null == codec)
            {
                throw new IllegalStateException("no codec registered here for type=" + name +
                    " (register the same Codec on the pool)");
            }
            return remember(forClass(codec.type()));
        }
        final ClassLoader loader = Codecs.loader();
        final Class<?> type;
        try
        {
            type = Class.forName(name, false, loader);
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            throw new IllegalStateException("cannot load the type a value names: type=" + name + ", problem=" + ex);
        }
        final boolean fits = switch (tag)
        {
            case Tags.RECORD -> type.isRecord();
            case Tags.ENUM -> type.isEnum();
            default -> BytesMarshallable.class.isAssignableFrom(type) && !type.isInterface() &&
                !Modifier.isAbstract(type.getModifiers());
        };
        if (!fits)
        {
            throw new IllegalStateException("refused to read a type by name: type=" + name + ", tag=" + tag +
                " (only records, enums and BytesMarshallable classes are read by name)");
        }
        try
        {
            Class.forName(name, true, loader);
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            throw new IllegalStateException("cannot initialise the type a value names: type=" + name + ", problem=" +
                ex);
        }
        final WireType wireType = forClass(type);
        if (null == wireType)
        {
            throw new IllegalStateException("cannot read type=" + name + ": " + refusal(type));
        }
        return remember(wireType);
    }

    private static WireType find(final DirectBuffer buffer, final int offset, final int length)
    {
        final WireType[] table = byName;
        final int mask = table.length - 1;
        for (int i = hash(buffer, offset, length) & mask; ; i = (i + 1) & mask)
        {
            final WireType type = table[i];
            if (null == type)
            {
                return null;
            }
            if (type.nameBytes.length == length && sameBytes(buffer, offset, type))
            {
                return type;
            }
        }
    }

    private static boolean sameBytes(final DirectBuffer buffer, final int offset, final WireType type)
    {
        final byte[] name = type.nameBytes;
        final long[] words = type.nameWords;
        int i = 0;
        for (int w = 0; w < words.length; w++, i += Long.BYTES)
        {
            if (buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN) != words[w])
            {
                return false;
            }
        }
        for (; i < name.length; i++)
        {
            if (buffer.getByte(offset + i) != name[i])
            {
                return false;
            }
        }
        return true;
    }

    /** A hash of the length and the first and last eight bytes: names of one package differ at their ends. */
    private static int hash(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < Long.BYTES)
        {
            long word = 0;
            for (int i = 0; i < length; i++)
            {
                word = word << 8 | (buffer.getByte(offset + i) & 0xFF);
            }
            return mix(length, word, 0);
        }
        return mix(length, buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN),
            buffer.getLong(offset + length - Long.BYTES, ByteOrder.LITTLE_ENDIAN));
    }

    private static int hash(final byte[] name)
    {
        return hash(new UnsafeBuffer(name), 0, name.length);
    }

    private static int mix(final int length, final long first, final long last)
    {
        long h = length * 0x9E3779B97F4A7C15L ^ first;
        h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L ^ last;
        h = (h ^ (h >>> 32)) * 0x94D049BB133111EBL;
        return (int)(h ^ (h >>> 31));
    }

    private static WireType remember(final WireType type)
    {
        synchronized (LOCK)
        {
            WireType[] table = byName;
            for (final WireType known : table)
            {
                if (known == type)
                {
                    return type;
                }
            }
            if (2 * (named + 1) > table.length)
            {
                final WireType[] larger = new WireType[2 * table.length];
                for (final WireType known : table)
                {
                    if (null != known)
                    {
                        insert(larger, known);
                    }
                }
                table = larger;
            }
            else
            {
                table = table.clone();
            }
            // a type remade for a new codec generation replaces the old one of its name
            for (int i = 0; i < table.length; i++)
            {
                if (null != table[i] && table[i].name.equals(type.name))
                {
                    table[i] = null;
                    final WireType[] rebuilt = new WireType[table.length];
                    for (final WireType known : table)
                    {
                        if (null != known)
                        {
                            insert(rebuilt, known);
                        }
                    }
                    table = rebuilt;
                    named--;
                    break;
                }
            }
            insert(table, type);
            named++;
            byName = table;
            return type;
        }
    }

    private static void insert(final WireType[] table, final WireType type)
    {
        final int mask = table.length - 1;
        int i = hash(type.nameBytes) & mask;
        while (null != table[i])
        {
            i = (i + 1) & mask;
        }
        table[i] = type;
    }
}
