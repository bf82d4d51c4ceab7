package io.flotilla.core;

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
 * ordinary tasks and results use; anything else is rejected. The filter also bounds the graph, so that a stream made to
 * exhaust memory or time is refused early: nesting depth ({@value #MAX_DEPTH}), objects and references
 * ({@value #MAX_REFS}), array length and stream bytes (both the largest payload a pool takes).
 */
public final class JavaSerialization
{
    /** System property that carries the allowlist to worker JVMs. */
    public static final String ALLOWLIST_PROPERTY = "flotilla.serialization.allow";
    /** Always allowed besides the user's patterns. */
    public static final String JDK_PATTERNS =
        "java.lang.*;java.lang.invoke.SerializedLambda;java.util.*;java.time.*;java.math.*";

    /**
     * Deepest nesting of objects. Low on purpose: nested sets whose elements share children make reading cost about
     * 2^depth hash computations (about 0.2 s at 20 on a small machine, minutes at 32, forever at 64), while ordinary
     * task and result graphs are a few levels deep (the JDK's collections serialize their elements flat).
     */
    public static final int MAX_DEPTH = 20;
    /** Most objects and back-references in one stream: a full payload of small boxed values fits. */
    public static final long MAX_REFS = 1_000_000;
    /** Longest array, in elements, and most bytes in one stream: no payload is larger. */
    public static final long MAX_BYTES = io.flotilla.PoolConfig.MAX_PAYLOAD_LIMIT;

    private static final String LIMITS =
        "maxdepth=" + MAX_DEPTH + ";maxrefs=" + MAX_REFS + ";maxarray=" + MAX_BYTES + ";maxbytes=" + MAX_BYTES;

    private JavaSerialization()
    {
    }

    /**
     * @return the filter: the graph limits, the JDK patterns, the user's patterns, then reject everything else.
     */
    public static ObjectInputFilter filter(final String userPatterns)
    {
        return ObjectInputFilter.Config.createFilter(LIMITS + ";" + JDK_PATTERNS + ";" + userPatterns + ";!*");
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
