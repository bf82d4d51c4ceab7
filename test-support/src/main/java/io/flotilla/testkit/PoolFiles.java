package io.flotilla.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where this process's pool files are: the pool directories under the default bases that name this JVM (or one of
 * its child processes) as their parent, and the pool files this JVM maps ({@code /proc/self/maps}).
 * <p>
 * The default base is {@code /dev/shm/flotilla-<uid>}, else {@code <java.io.tmpdir>/flotilla-<uid>} (see the protocol
 * module's {@code PoolDirectory.defaultBase()}); both are looked at. Directories are matched by the parent pid in
 * their marker, so pools of other test runs sharing the base are never reported. Kept apart from the protocol module
 * so that the protocol's own tests can use the kit.
 */
final class PoolFiles
{
    static final String MARKER_FILE = "pool.properties";
    static final String PARENT_PID_KEY = "flotilla.parent.pid";
    static final String COUNTERS_FILE = "counters.dat";
    private static final String DELETED_SUFFIX = " (deleted)";
    private static final Path MAPS = Path.of("/proc/self/maps");

    private final List<Path> bases;

    PoolFiles(final List<Path> bases)
    {
        this.bases = List.copyOf(bases);
    }

    /** @return the default bases of this user. */
    static PoolFiles defaults()
    {
        final String tag = "flotilla-" + userTag();
        return new PoolFiles(List.of(
            Path.of("/dev/shm").resolve(tag), Path.of(System.getProperty("java.io.tmpdir")).resolve(tag)));
    }

    /** @return pool directories under the bases whose marker names one of those pids as the parent. */
    Set<Path> directoriesOf(final Set<Long> parentPids)
    {
        final Set<Path> found = new TreeSet<>();
        for (final Path base : bases)
        {
            if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS))
            {
                continue;
            }
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base))
            {
                for (final Path dir : dirs)
                {
                    final long pid = parentPid(dir);
                    if (parentPids.contains(pid))
                    {
                        found.add(dir);
                    }
                }
            }
            catch (final NoSuchFileException ex)
            {
                // the base went while it was listed
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot list pool base: path=" + base, ex);
            }
        }
        return found;
    }

    /**
     * @return files this JVM maps that are pool files, by the pool directory they belong to: anything under a base, a
     * counters file, a Chronicle queue file (tests also make pools in their own temporary bases). A file deleted while
     * mapped keeps its " (deleted)" tag.
     */
    Map<String, Set<String>> mappedFiles()
    {
        final Map<String, Set<String>> found = new TreeMap<>();
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(MAPS);
        }
        catch (final NoSuchFileException ex)
        {
            return found; // no procfs: nothing to check
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read mappings: path=" + MAPS, ex);
        }
        for (final String line : lines)
        {
            final int slash = line.indexOf('/');
            if (slash < 0)
            {
                continue;
            }
            final String mapped = line.substring(slash);
            final String path = mapped.endsWith(DELETED_SUFFIX) ?
                mapped.substring(0, mapped.length() - DELETED_SUFFIX.length()) : mapped;
            final String pool = poolOf(path);
            if (null != pool)
            {
                found.computeIfAbsent(pool, k -> new TreeSet<>()).add(mapped);
            }
        }
        return found;
    }

    /** @return the pool directory of a mapped pool file, or null when it is no pool file. */
    private String poolOf(final String path)
    {
        for (final Path base : bases)
        {
            final String prefix = base + "/";
            if (path.startsWith(prefix))
            {
                final int end = path.indexOf('/', prefix.length());
                return end < 0 ? path : path.substring(0, end);
            }
        }
        final Path file = Path.of(path);
        if (path.endsWith("/" + COUNTERS_FILE) && null != file.getParent())
        {
            return file.getParent().toString();
        }
        if ((path.endsWith(".cq4") || path.endsWith(".cq4t")) && null != file.getParent() &&
            null != file.getParent().getParent())
        {
            return file.getParent().getParent().toString(); // <pool>/<queue>/<cycle>.cq4
        }
        return null;
    }

    private static long parentPid(final Path dir)
    {
        final Path marker = dir.resolve(MARKER_FILE);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS))
        {
            return -1;
        }
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(marker, LinkOption.NOFOLLOW_LINKS))
        {
            properties.load(in);
            return Long.parseLong(properties.getProperty(PARENT_PID_KEY, "-1").trim());
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return -1; // gone, or being written: not a pool this check can name
        }
    }

    private static String userTag()
    {
        try
        {
            return Long.toString(((Number)Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue());
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException ex)
        {
            return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        }
    }

    List<Path> bases()
    {
        return new ArrayList<>(bases);
    }
}
