package io.flotilla.protocol.codec;

/** The bytes of a value a lenient reader has no codec for (a user's codec, a BytesMarshallable). */
public record OpaqueValue(String className, byte[] bytes)
{
}
