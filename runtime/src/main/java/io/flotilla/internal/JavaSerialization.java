package io.flotilla.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Java serialization for the {@code ExecutorService} view only, and only when the pool was built with it turned on.
 * Every read goes through an {@link ObjectInputFilter} allowlist: the user's patterns plus the JDK packages that
 * ordinary tasks and results use; anything else is rejected.
 */
public final class JavaSerialization
{
    /** System property that carries the allowlist to worker JVMs. */
    public static final String ALLOWLIST_PROPERTY = "flotilla.serialization.allow";
    /** Always allowed besides the user's patterns. */
    public static final String JDK_PATTERNS =
        "java.lang.*;java.lang.invoke.SerializedLambda;java.util.*;java.time.*;java.math.*";

    private JavaSerialization()
    {
    }

    /** @return the filter: the JDK patterns, the user's patterns, then reject everything else. */
    public static ObjectInputFilter filter(final String userPatterns)
    {
        return ObjectInputFilter.Config.createFilter(JDK_PATTERNS + ";" + userPatterns + ";!*");
    }

    static byte[] write(final Object value)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(value);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot serialize: class=" +
                (null == value ? null : value.getClass().getName()) + ", problem=" + ex, ex);
        }
        return bytes.toByteArray();
    }

    static Object read(final byte[] data, final ObjectInputFilter filter)
    {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data)))
        {
            in.setObjectInputFilter(filter);
            return in.readObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot deserialize (is every class allowed by the pool's " +
                "serialization allowlist?): problem=" + ex, ex);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException("cannot deserialize, class not found: " + ex.getMessage(), ex);
        }
    }
}
