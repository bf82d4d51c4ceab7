package io.flotilla.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags every Flotilla JVM needs (Chronicle's exports and opens, analytics off).
 * <p>
 * They live in one file, {@code jvm.flags} at the root of the repository, written as a {@code java @argfile}.
 * The build's tests pass it to {@code java} as {@code @jvm.flags}, the {@code ./flotilla} script does the same, and
 * the file is packed into this module's jar so that a parent JVM can start worker JVMs with exactly these flags.
 */
public final class JvmFlags
{
    /** Class-path resource that holds the flags file. */
    public static final String RESOURCE = "/io/flotilla/protocol/jvm.flags";

    private static final List<String> FLAGS = load();

    private JvmFlags()
    {
    }

    /**
     * @return the flags for a child JVM of the running JDK, in file order.
     */
    public static List<String> all()
    {
        return FLAGS;
    }

    /**
     * Parses the {@code @argfile} syntax the flags file uses: whitespace separated, {@code #} to end of line is a
     * comment. Quoting is not used in the file and not supported here.
     *
     * @param text             the file's text.
     * @param javaFeatureRelease the feature release of the JDK that will run the flags.
     * @return the flags that JDK accepts.
     */
    static List<String> parse(final String text, final int javaFeatureRelease)
    {
        final List<String> flags = new ArrayList<>();
        for (final String rawLine : text.split("\n"))
        {
            final int hash = rawLine.indexOf('#');
            final String line = hash >= 0 ? rawLine.substring(0, hash) : rawLine;
            for (final String token : line.trim().split("\\s+"))
            {
                if (token.isEmpty())
                {
                    continue;
                }
                // The flag exists from JDK 23 on; JDK 21 and 22 allow sun.misc.Unsafe memory access anyway.
                if (token.startsWith("--sun-misc-unsafe-memory-access") && javaFeatureRelease < 23)
                {
                    continue;
                }
                flags.add(token);
            }
        }
        return List.copyOf(flags);
    }

    private static List<String> load()
    {
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IpcException("JVM flags file missing from the class path: resource=" + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Runtime.version().feature());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read JVM flags: resource=" + RESOURCE, ex);
        }
    }
}
