package io.flotilla.protocol.codec;

import java.lang.reflect.Array;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * Fits a decoded value to a record component's declared type when the wire's kind decodes as another class: a tuple
 * ({@code Object[]}) to a {@code String[]} component, an {@code ArrayList} to a {@code LinkedList} one.
 */
final class Adapt
{
    private Adapt()
    {
    }

    /** @return the value as the type, or null when it cannot be. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object to(final Class<?> type, final Object value)
    {
        if (type.isArray() && !type.getComponentType().isPrimitive() && value instanceof Object[] elements)
        {
            final Object array = Array.newInstance(type.getComponentType(), elements.length);
            for (int i = 0; i < elements.length; i++)
            {
                if (null != elements[i] && !type.getComponentType().isInstance(elements[i]))
                {
                    return null;
                }
                Array.set(array, i, elements[i]);
            }
            return array;
        }
        final boolean collection = Collection.class.isAssignableFrom(type) && value instanceof Collection<?>;
        final boolean map = Map.class.isAssignableFrom(type) && value instanceof Map<?, ?>;
        if ((collection || map) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers()) &&
            type.getName().startsWith("java.util."))
        {
            try
            {
                final Object made = type.getConstructor().newInstance();
                if (collection)
                {
                    ((Collection)made).addAll((Collection)value);
                }
                else
                {
                    ((Map)made).putAll((Map)value);
                }
                return made;
            }
            catch (final ReflectiveOperationException | RuntimeException ex)
            {
                return null;
            }
        }
        return null;
    }
}
