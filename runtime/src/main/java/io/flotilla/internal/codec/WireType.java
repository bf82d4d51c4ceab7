package io.flotilla.internal.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A type whose values carry a type reference (see {@link TypeScope}): a record, an enum, a type a user's codec takes.
 * Knows its definition (name, shape hash, count) and how to write and read a value's body after the reference.
 */
abstract class WireType
{
    /** Class names on the wire are at most this long, in UTF-8 bytes. */
    static final int MAX_NAME_LENGTH = 1024;

    final byte tag;
    final Class<?> type;
    final String name;
    final byte[] nameBytes;
    final int shape;
    final int count;
    private final int definitionLength;

    WireType(final byte tag, final Class<?> type, final String name, final int shape, final int count)
    {
        this.tag = tag;
        this.type = type;
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.shape = shape;
        this.count = count;
        this.definitionLength = 1 + VarInts.length(nameBytes.length) + nameBytes.length + Integer.BYTES +
            VarInts.length(count);
    }

    /** @return the bytes of the reference to this type in the scope, taking the type into it when new. */
    final int referenceLength(final TypeScope.Encoding scope)
    {
        final int reference = scope.refer(type);
        return 0 == reference ? definitionLength : VarInts.length(reference);
    }

    /** Writes the reference to this type in the scope (the definition when new to it). */
    final int writeReference(final MutableDirectBuffer buffer, final int offset, final TypeScope.Encoding scope)
    {
        final int reference = scope.refer(type);
        if (0 != reference)
        {
            return VarInts.put(buffer, offset, reference);
        }
        int at = VarInts.put(buffer, offset, 0);
        at = VarInts.put(buffer, at, nameBytes.length);
        buffer.putBytes(at, nameBytes);
        at += nameBytes.length;
        buffer.putInt(at, shape);
        at += Integer.BYTES;
        return VarInts.put(buffer, at, count);
    }

    /** @return the bytes of the value's body, after its tag and reference. */
    abstract int bodyLength(Object value, TypeScope.Encoding scope, int depth);

    /** Writes the value's body, after its tag and reference. */
    abstract int writeBody(MutableDirectBuffer buffer, int offset, Object value, TypeScope.Encoding scope, int depth);

    /** Reads a value's body, after its tag and reference. */
    abstract Object readBody(WireReader reader, int depth);

    /** @return a hash of names that changes when the type's shape does: the same on every JVM. */
    static int shapeHash(final String... names)
    {
        int hash = 17;
        for (final String name : names)
        {
            hash = 31 * hash + name.hashCode();
        }
        return hash;
    }
}
