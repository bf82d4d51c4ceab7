package io.flotilla.protocol.codec;

import java.util.List;

/** A record whose class a lenient reader could not load: its class name and its components in order. */
public record UnknownRecord(String className, List<Object> components)
{
}
