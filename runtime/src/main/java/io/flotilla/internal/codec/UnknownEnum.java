package io.flotilla.internal.codec;

/** An enum constant whose class a lenient reader could not load. */
public record UnknownEnum(String className, int ordinal)
{
}
