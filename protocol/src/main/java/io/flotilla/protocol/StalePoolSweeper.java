package io.flotilla.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Removes pool directories left behind by parents that died without closing their pool (a SIGKILL, a crash): a
 * directory whose marker says its files were not to be kept and whose parent process is gone. A kept pool (for
 * replay), a live parent's pool, and anything that is not a Flotilla pool directory are never touched. Runs when a
 * pool is created in the same base directory.
 * <p>
 * Everything is done relative to the opened base ({@link SecureDirectoryStream}): the marker is read and the tree
 * removed ({@link TreeRemover}) without following a symbolic link, so nothing outside the base is ever read as a
 * marker or removed, even when a directory is swapped for a link meanwhile.
 */
final class StalePoolSweeper
{
    private static final System.Logger LOG = System.getLogger(StalePoolSweeper.class.getName());
    /** A marker is a few hundred bytes; anything much larger is not one. */
    private static final long MAX_MARKER_BYTES = 64 * 1024;

    private StalePoolSweeper()
    {
    }

    /** @return the directories removed. */
    static List<Path> sweep(final Path base)
    {
        final List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS))
        {
            return removed;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(base))
        {
            if (!(stream instanceof SecureDirectoryStream<Path> secure))
            {
                LOG.log(System.Logger.Level.DEBUG, "no secure directory stream, stale pools stay: base={0}", base);
                return removed;
            }
            final List<Path> names = new ArrayList<>();
            for (final Path entry : secure)
            {
                names.add(entry.getFileName());
            }
            for (final Path name : names)
            {
                final Path dir = base.resolve(name);
                if (isStale(secure, name))
                {
                    try
                    {
                        TreeRemover.removeEntry(secure, base, name);
                        removed.add(dir);
                        LOG.log(System.Logger.Level.INFO, "removed a pool directory its dead parent left: path={0}", dir);
                    }
                    catch (final IOException | RuntimeException ex)
                    {
                        LOG.log(System.Logger.Level.WARNING, "cannot remove a stale pool directory: path=" + dir, ex);
                    }
                }
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "cannot list pool directories: base=" + base, ex);
        }
        return removed;
    }

    /**
     * @return whether the entry is a real directory (not a link) whose marker, a regular file read relative to it,
     * says it is an unkept pool of a dead parent.
     */
    private static boolean isStale(final SecureDirectoryStream<Path> base, final Path name)
    {
        final Properties marker = new Properties();
        try
        {
            if (!base.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes().isDirectory())
            {
                return false;
            }
            try (SecureDirectoryStream<Path> dir = base.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS))
            {
                final Path markerName = name.getFileSystem().getPath(PoolDirectory.MARKER_FILE);
                final BasicFileAttributes attributes = dir.getFileAttributeView(
                    markerName, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (!attributes.isRegularFile() || attributes.size() > MAX_MARKER_BYTES)
                {
                    return false;
                }
                try (SeekableByteChannel channel = dir.newByteChannel(
                    markerName, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                    InputStream in = Channels.newInputStream(channel))
                {
                    marker.load(in);
                }
            }
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return false;
        }
        if (!PoolDirectory.MAGIC_VALUE.equals(marker.getProperty(PoolDirectory.MAGIC_KEY)) ||
            !"false".equals(marker.getProperty(PoolDirectory.KEEP_KEY)))
        {
            return false;
        }
        try
        {
            final long pid = Long.parseLong(marker.getProperty(PoolDirectory.PID_KEY, ""));
            return pid != ProcessHandle.current().pid() && !Processes.running(pid);
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }
}
