package io.flotilla.protocol.codec;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesMarshallable;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;

/**
 * A Chronicle {@link BytesMarshallable}: a varint length, then what its {@code writeMarshallable} wrote; read back into
 * an instance made by its no-argument constructor. It marshals through an on-heap Chronicle {@code Bytes} first (it
 * writes to Chronicle's API, not to the envelope's buffer), so it copies once and is off the allocation-free path.
 */
final class MarshallableType extends WireType
{
    private static final ThreadLocal<Bytes<?>> SCRATCH = ThreadLocal.withInitial(() -> Bytes.allocateElasticOnHeap(256));

    private final MethodHandle constructor;

    private MarshallableType(final Class<?> type, final MethodHandle constructor)
    {
        super(Tags.MARSHALLABLE, type, type.getName(), shapeHash(type.getName()), 0);
        this.constructor = constructor;
    }

    /** @throws IllegalArgumentException unless the class has a no-argument constructor this codec can call. */
    static MarshallableType of(final Class<?> type)
    {
        try
        {
            final Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.trySetAccessible();
            return new MarshallableType(type, MethodHandles.lookup().unreflectConstructor(constructor)
                .asType(MethodType.methodType(Object.class)));
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new IllegalArgumentException("a BytesMarshallable needs a no-argument constructor this codec can " +
                "call: type=" + type.getName() + ", problem=" + ex, ex);
        }
    }

    private static byte[] marshal(final Object value)
    {
        final Bytes<?> bytes = SCRATCH.get();
        bytes.clear();
        ((BytesMarshallable)value).writeMarshallable(bytes);
        return bytes.toByteArray();
    }

    @Override
    int bodyLength(final Object value, final TypeScope.Encoding scope, final int depth)
    {
        final int length = marshal(value).length;
        return VarInts.length(length) + length;
    }

    @Override
    int writeBody(
        final MutableDirectBuffer buffer, final int offset, final Object value, final TypeScope.Encoding scope,
        final int depth)
    {
        final byte[] bytes = marshal(value);
        final int at = VarInts.put(buffer, offset, bytes.length);
        buffer.putBytes(at, bytes);
        return at + bytes.length;
    }

    @Override
    Object readBody(final WireReader reader, final int depth)
    {
        final byte[] data = reader.getBytes(reader.getSize(1));
        final Bytes<byte[]> bytes = Bytes.wrapForRead(data);
        try
        {
            final Object value = (Object)constructor.invokeExact();
            ((BytesMarshallable)value).readMarshallable(bytes);
            return value;
        }
        catch (final Throwable ex)
        {
            throw reader.corrupt("readMarshallable refused the bytes: type=" + name + ", problem=" + ex);
        }
        finally
        {
            bytes.releaseLast();
        }
    }
}
