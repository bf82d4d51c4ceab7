package io.flotilla.protocol.codec;

import io.flotilla.Codec;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users' codecs this process knows, one per type, for every pool in it: a pool registers its codecs when it
 * starts, its workers register the same classes by name (they travel in the pool directory's marker as
 * {@link #SETTING}). Registering the same codec class again does nothing; another codec class for a type already taken
 * is refused.
 */
public final class Codecs
{
    /** The pool setting that carries the codec class names to workers, comma-separated. */
    public static final String SETTING = "flotilla.codecs";

    private static final Map<Class<?>, Codec<?>> BY_TYPE = new ConcurrentHashMap<>();
    private static final Map<String, Codec<?>> BY_NAME = new ConcurrentHashMap<>();
    private static volatile int generation;

    private Codecs()
    {
    }

    /**
     * Registers a codec the builder checked (a class workers can make) or a worker made by name.
     *
     * @throws IllegalArgumentException when the codec has no class as its type or another codec class takes its type
     *                                  already.
     */
    public static synchronized void register(final Codec<?> codec)
    {
        final Class<?> type = null == codec ? null : codec.type();
        if (null == type || type.isPrimitive() || type.isArray())
        {
            throw new IllegalArgumentException("codec type must be a class: codec=" +
                (null == codec ? null : codec.getClass().getName()) + ", type=" + type);
        }
        final Codec<?> known = BY_TYPE.get(codec.type());
        if (null != known)
        {
            if (known.getClass() != codec.getClass())
            {
                throw new IllegalArgumentException("another codec takes the type already: type=" +
                    codec.type().getName() + ", codec=" + known.getClass().getName() + ", refused=" +
                    codec.getClass().getName());
            }
            return;
        }
        BY_TYPE.put(codec.type(), codec);
        BY_NAME.put(codec.type().getName(), codec);
        generation++;
    }

    /**
     * Creates and registers codecs by class name, as a worker does with the pool's setting.
     *
     * @param names comma-separated class names; null or empty for none.
     * @throws IllegalStateException naming the class that cannot be made.
     */
    public static void registerByName(final String names)
    {
        if (null == names || names.isBlank())
        {
            return;
        }
        for (final String name : names.split(","))
        {
            final Codec<?> codec;
            try
            {
                codec = (Codec<?>)Class.forName(name.trim(), true, loader()).getConstructor().newInstance();
            }
            catch (final ReflectiveOperationException | ClassCastException | LinkageError ex)
            {
                throw new IllegalStateException("cannot make the pool's codec (is it on this class path?): codec=" +
                    name + ", problem=" + ex, ex);
            }
            register(codec);
        }
    }

    /**
     * Registers a pool's codecs in this process.
     *
     * @return the pool directory settings that carry them to the pool's workers (none when there are none).
     */
    public static Map<String, String> registerForPool(final List<Codec<?>> codecs)
    {
        if (codecs.isEmpty())
        {
            return Map.of();
        }
        final List<String> names = new ArrayList<>();
        for (final Codec<?> codec : codecs)
        {
            register(codec);
            names.add(codec.getClass().getName());
        }
        return Map.of(SETTING, String.join(",", names));
    }

    /**
     * Sets a worker up for its pool's values: the pool's codecs registered, its type table the process's.
     *
     * @throws IllegalStateException naming a codec class that cannot be made here.
     */
    public static void attachWorker(final io.flotilla.protocol.PoolDirectory directory)
    {
        registerByName(directory.setting(SETTING));
        PoolTypes.useForProcess(PoolTypes.of(directory.path()));
    }

    static int generation()
    {
        return generation;
    }

    /** @return the codec for the class, its superclasses or interfaces, nearest first; or null. */
    static Codec<?> forClass(final Class<?> type)
    {
        if (BY_TYPE.isEmpty())
        {
            return null;
        }
        for (Class<?> c = type; null != c; c = c.getSuperclass())
        {
            final Codec<?> codec = BY_TYPE.get(c);
            if (null != codec)
            {
                return codec;
            }
        }
        for (final Class<?> c : type.getInterfaces())
        {
            final Codec<?> codec = BY_TYPE.get(c);
            if (null != codec)
            {
                return codec;
            }
        }
        return null;
    }

    /** @return the codec whose type has the name, or null. */
    static Codec<?> forName(final String typeName)
    {
        return BY_NAME.get(typeName);
    }

    static ClassLoader loader()
    {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return null != context ? context : Codecs.class.getClassLoader();
    }
}
