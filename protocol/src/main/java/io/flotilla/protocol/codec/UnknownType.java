package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A type named on the wire that this process cannot load, read by a tool ({@code flotilla replay}) that is lenient:
 * its values decode as {@link UnknownRecord}, {@link UnknownEnum} or {@link OpaqueValue}, never as a class of the
 * name. Only read, never written.
 */
final class UnknownType extends WireType
{
    /** Why the type could not be loaded. */
    final String problem;

    UnknownType(final byte tag, final String name, final int shape, final int count, final String problem)
    {
        super(tag, null, name, shape, count);
        this.problem = problem;
    }

    @Override
    int bodyLength(final Object value, final TypeScope.Encoding scope, final int depth)
    {
        throw new UnsupportedOperationException("an unknown type is only read: type=" + name);
    }

    @Override
    int writeBody(
        final MutableDirectBuffer buffer, final int offset, final Object value, final TypeScope.Encoding scope,
        final int depth)
    {
        throw new UnsupportedOperationException("an unknown type is only read: type=" + name);
    }

    @Override
    Object readBody(final WireReader reader, final int depth)
    {
        return switch (tag)
        {
            case Tags.RECORD ->
            {
                final List<Object> components = new ArrayList<>(count);
                for (int i = 0; i < count; i++)
                {
                    components.add(JavaValues.read(reader, depth + 1));
                }
                yield new UnknownRecord(name, components);
            }
            case Tags.ENUM -> new UnknownEnum(name, VarInts.get(reader));
            case Tags.CUSTOM -> new OpaqueValue(name, reader.getBytes(reader.getInt()));
            default -> new OpaqueValue(name, reader.getBytes(reader.getSize(1)));
        };
    }
}
