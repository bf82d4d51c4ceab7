package io.flotilla.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Removes pool directories left behind by parents that died without closing their pool (a SIGKILL, a crash): a
 * directory whose marker says its files were not to be kept and whose parent process is gone. A kept pool (for
 * replay), a live parent's pool, and anything that is not a Flotilla pool directory are never touched. Runs when a
 * pool is created in the same base directory.
 */
final class StalePoolSweeper
{
    private static final System.Logger LOG = System.getLogger(StalePoolSweeper.class.getName());

    private StalePoolSweeper()
    {
    }

    /** @return the directories removed. */
    static List<Path> sweep(final Path base)
    {
        final List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(base))
        {
            return removed;
        }
        try (Stream<Path> entries = Files.list(base))
        {
            for (final Path dir : entries.toList())
            {
                if (isStale(dir))
                {
                    try
                    {
                        PoolDirectory.deleteTree(dir);
                        removed.add(dir);
                        LOG.log(System.Logger.Level.INFO, "removed a pool directory its dead parent left: path={0}", dir);
                    }
                    catch (final RuntimeException ex)
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

    private static boolean isStale(final Path dir)
    {
        final Path markerFile = dir.resolve(PoolDirectory.MARKER_FILE);
        if (!Files.isRegularFile(markerFile))
        {
            return false;
        }
        final Properties marker = new Properties();
        try (InputStream in = Files.newInputStream(markerFile))
        {
            marker.load(in);
        }
        catch (final IOException ex)
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
