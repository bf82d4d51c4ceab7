package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

/**
 * An enum's codec: the constant's ordinal as a varint. The shape hash covers the constants' names in order, so a
 * reader whose enum has other constants, or the same in another order, refuses the value instead of misreading it.
 */
final class EnumType extends WireType
{
    private final Object[] constants;

    private EnumType(final Class<?> type, final Object[] constants, final String[] names)
    {
        super(Tags.ENUM, type, type.getName(), shapeHash(names), constants.length);
        this.constants = constants;
    }

    static EnumType of(final Class<?> type)
    {
        final Object[] constants = type.getEnumConstants();
        final String[] names = new String[constants.length];
        for (int i = 0; i < constants.length; i++)
        {
            names[i] = ((Enum<?>)constants[i]).name();
        }
        return new EnumType(type, constants, names);
    }

    @Override
    int bodyLength(final Object value, final TypeScope.Encoding scope, final int depth)
    {
        return VarInts.length(((Enum<?>)value).ordinal());
    }

    @Override
    int writeBody(
        final MutableDirectBuffer buffer, final int offset, final Object value, final TypeScope.Encoding scope,
        final int depth)
    {
        return VarInts.put(buffer, offset, ((Enum<?>)value).ordinal());
    }

    @Override
    Object readBody(final WireReader reader, final int depth)
    {
        final int ordinal = VarInts.get(reader);
        if (ordinal >= constants.length)
        {
            throw reader.corrupt("no such constant: type=" + name + ", ordinal=" + ordinal + ", constants=" +
                constants.length);
        }
        return constants[ordinal];
    }
}
