package io.flotilla.protocol.codec;

/** An enum constant whose class a lenient reader could not load. */
public record UnknownEnum(String className, int ordinal)
{
}
