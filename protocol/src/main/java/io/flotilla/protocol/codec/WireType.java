package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    /** The name's bytes a little-endian long at a time (the tail that is not a whole long left out), to compare fast. */
    final long[] nameWords;
    final int shape;
    final int count;
    private final int definitionLength;
    /** The type's id in the pool type table this process met first, or null. */
    volatile PoolTypes.Assignment assignment;

    WireType(final byte tag, final Class<?> type, final String name, final int shape, final int count)
    {
        this.tag = tag;
        this.type = type;
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.nameWords = new long[nameBytes.length / Long.BYTES];
        final ByteBuffer words = ByteBuffer.wrap(nameBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < nameWords.length; i++)
        {
            nameWords[i] = words.getLong(i * Long.BYTES);
        }
        this.shape = shape;
        this.count = count;
        this.definitionLength = 1 + VarInts.length(nameBytes.length) + nameBytes.length + Integer.BYTES +
            VarInts.length(count);
    }

    /*
     * A reference is a varint: 0 for a definition here (then name, shape, count), odd for the id in the pool's type
     * table (2 * id + 1), even for an earlier definition in the value's scope (2 * (index + 1)).
     */

    /** @return the bytes of the reference to this type, taking the type into the scope when defined here. */
    final int referenceLength(final TypeScope.Encoding scope)
    {
        final int pooled = null == scope.poolTypes ? 0 : scope.poolTypes.idOf(this);
        if (0 != pooled)
        {
            return VarInts.length(2 * pooled + 1);
        }
        final int reference = scope.refer(type);
        return 0 == reference ? definitionLength : VarInts.length(2 * reference);
    }

    /** Writes the reference to this type: its pool id, an earlier definition in the value, or its definition. */
    final int writeReference(final MutableDirectBuffer buffer, final int offset, final TypeScope.Encoding scope)
    {
        final int pooled = null == scope.poolTypes ? 0 : scope.poolTypes.idOf(this);
        if (0 != pooled)
        {
            return VarInts.put(buffer, offset, 2 * pooled + 1);
        }
        final int reference = scope.refer(type);
        if (0 != reference)
        {
            return VarInts.put(buffer, offset, 2 * reference);
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
