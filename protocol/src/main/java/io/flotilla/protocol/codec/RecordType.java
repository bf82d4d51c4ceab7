package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * A record's codec: its components in declaration order, each a tagged value, read back through the canonical
 * constructor (never Java serialization, so the record's own checks run). Primitive components are read and written
 * without boxing. Accessors and constructor are method handles made once per record class.
 */
final class RecordType extends WireType
{
    private static final int OBJECT = 0;

    final String[] names;
    private final Class<?>[] types;
    /** Per component: {@link #OBJECT} or the tag of its primitive type. */
    private final byte[] kinds;
    private final MethodHandle[] accessors;
    private final MethodHandle constructor;
    /** Bytes of the primitive components, tags included: the same for every value. */
    private final int primitiveLength;

    private RecordType(
        final Class<?> type, final String[] names, final Class<?>[] types, final byte[] kinds,
        final MethodHandle[] accessors, final MethodHandle constructor, final int primitiveLength, final int shape)
    {
        super(Tags.RECORD, type, type.getName(), shape, names.length);
        this.names = names;
        this.types = types;
        this.kinds = kinds;
        this.accessors = accessors;
        this.constructor = constructor;
        this.primitiveLength = primitiveLength;
    }

    /**
     * @throws IllegalArgumentException naming the record when its accessors or constructor cannot be reached.
     */
    static RecordType of(final Class<?> type)
    {
        final RecordComponent[] components = type.getRecordComponents();
        final int n = components.length;
        final String[] names = new String[n];
        final Class<?>[] types = new Class<?>[n];
        final byte[] kinds = new byte[n];
        final MethodHandle[] accessors = new MethodHandle[n];
        final String[] shapeNames = new String[2 * n];
        int primitiveLength = 0;
        final MethodHandles.Lookup lookup = MethodHandles.lookup();
        try
        {
            for (int i = 0; i < n; i++)
            {
                final RecordComponent component = components[i];
                names[i] = component.getName();
                types[i] = component.getType();
                kinds[i] = kindOf(types[i]);
                shapeNames[2 * i] = names[i];
                shapeNames[2 * i + 1] = types[i].getName();
                final Method accessor = component.getAccessor();
                accessor.trySetAccessible();
                final Class<?> returned = OBJECT == kinds[i] ? Object.class : types[i];
                accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(returned, Object.class));
                if (OBJECT != kinds[i])
                {
                    primitiveLength += 1 + primitiveBytes(kinds[i]);
                }
            }
            final Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.trySetAccessible();
            final MethodHandle constructor = lookup.unreflectConstructor(canonical).asSpreader(Object[].class, n)
                .asType(MethodType.methodType(Object.class, Object[].class));
            return new RecordType(type, names, types, kinds, accessors, constructor, primitiveLength,
                shapeHash(shapeNames));
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new IllegalArgumentException("record cannot be read or built here (make it public, or open its " +
                "package to io.flotilla): type=" + type.getName() + ", problem=" + ex, ex);
        }
    }

    private static byte kindOf(final Class<?> type)
    {
        if (!type.isPrimitive())
        {
            return OBJECT;
        }
        if (int.class == type)
        {
            return Tags.INT;
        }
        if (long.class == type)
        {
            return Tags.LONG;
        }
        if (double.class == type)
        {
            return Tags.DOUBLE;
        }
        if (float.class == type)
        {
            return Tags.FLOAT;
        }
        if (short.class == type)
        {
            return Tags.SHORT;
        }
        if (byte.class == type)
        {
            return Tags.BYTE;
        }
        if (boolean.class == type)
        {
            return Tags.BOOLEAN;
        }
        return Tags.CHAR;
    }

    private static int primitiveBytes(final byte kind)
    {
        return switch (kind)
        {
            case Tags.INT, Tags.FLOAT -> 4;
            case Tags.LONG, Tags.DOUBLE -> 8;
            case Tags.SHORT, Tags.CHAR -> 2;
            default -> 1;
        };
    }

    /** @return whether component {@code i} is of a primitive type (it can hold nothing a codec refuses). */
    boolean isPrimitive(final int i)
    {
        return OBJECT != kinds[i];
    }

    /** @return component {@code i} of the record, boxed. */
    Object component(final Object record, final int i)
    {
        try
        {
            return switch (kinds[i])
            {
                case OBJECT -> (Object)accessors[i].invokeExact(record);
                case Tags.INT -> (int)accessors[i].invokeExact(record);
                case Tags.LONG -> (long)accessors[i].invokeExact(record);
                case Tags.DOUBLE -> (double)accessors[i].invokeExact(record);
                case Tags.FLOAT -> (float)accessors[i].invokeExact(record);
                case Tags.SHORT -> (short)accessors[i].invokeExact(record);
                case Tags.BYTE -> (byte)accessors[i].invokeExact(record);
                case Tags.BOOLEAN -> (boolean)accessors[i].invokeExact(record);
                default -> (char)accessors[i].invokeExact(record);
            };
        }
        catch (final Throwable ex)
        {
            throw accessorFailed(i, ex);
        }
    }

    private Object objectComponent(final Object record, final int i)
    {
        try
        {
            return (Object)accessors[i].invokeExact(record);
        }
        catch (final Throwable ex)
        {
            throw accessorFailed(i, ex);
        }
    }

    private IllegalArgumentException accessorFailed(final int i, final Throwable ex)
    {
        return new IllegalArgumentException("record accessor threw: type=" + name + ", component=" + names[i] +
            ", problem=" + ex, ex);
    }

    @Override
    int bodyLength(final Object value, final TypeScope.Encoding scope, final int depth)
    {
        int length = primitiveLength;
        for (int i = 0; i < kinds.length; i++)
        {
            if (OBJECT == kinds[i])
            {
                length += JavaValues.length(objectComponent(value, i), scope, depth + 1);
            }
        }
        return length;
    }

    @Override
    int writeBody(
        final MutableDirectBuffer buffer, final int offset, final Object value, final TypeScope.Encoding scope,
        final int depth)
    {
        int at = offset;
        for (int i = 0; i < kinds.length; i++)
        {
            final byte kind = kinds[i];
            if (OBJECT == kind)
            {
                final Object component = objectComponent(value, i);
                at = component instanceof String s ? Strings.put(buffer, at, s) :
                    JavaValues.write(buffer, at, component, scope, depth + 1);
                continue;
            }
            buffer.putByte(at++, kind);
            try
            {
                switch (kind)
                {
                    case Tags.INT -> buffer.putInt(at, (int)accessors[i].invokeExact(value));
                    case Tags.LONG -> buffer.putLong(at, (long)accessors[i].invokeExact(value));
                    case Tags.DOUBLE -> buffer.putDouble(at, (double)accessors[i].invokeExact(value));
                    case Tags.FLOAT -> buffer.putFloat(at, (float)accessors[i].invokeExact(value));
                    case Tags.SHORT -> buffer.putShort(at, (short)accessors[i].invokeExact(value));
                    case Tags.BYTE -> buffer.putByte(at, (byte)accessors[i].invokeExact(value));
                    case Tags.BOOLEAN -> buffer.putByte(at, (byte)((boolean)accessors[i].invokeExact(value) ? 1 : 0));
                    default -> buffer.putChar(at, (char)accessors[i].invokeExact(value));
                }
            }
            catch (final Throwable ex)
            {
                throw accessorFailed(i, ex);
            }
            at += primitiveBytes(kind);
        }
        return at;
    }

    @Override
    Object readBody(final WireReader reader, final int depth)
    {
        final Object[] arguments = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++)
        {
            final byte kind = kinds[i];
            if (OBJECT != kind)
            {
                final byte tag = reader.getByte();
                if (kind != tag)
                {
                    throw reader.corrupt("component of the wrong type: type=" + name + ", component=" + names[i] +
                        ", expected=" + types[i] + ", tag=" + tag);
                }
                arguments[i] = JavaValues.readTagged(reader, tag, depth + 1);
                continue;
            }
            Object component = JavaValues.read(reader, depth + 1);
            if (null != component && !types[i].isInstance(component))
            {
                final Object adapted = Adapt.to(types[i], component);
                if (null == adapted)
                {
                    throw reader.corrupt("component of the wrong type: type=" + name + ", component=" + names[i] +
                        ", expected=" + types[i].getName() + ", found=" + component.getClass().getName());
                }
                component = adapted;
            }
            arguments[i] = component;
        }
        try
        {
            return (Object)constructor.invokeExact(arguments);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("record constructor refused the decoded components: type=" + name +
                ", problem=" + ex, ex);
        }
    }
}
