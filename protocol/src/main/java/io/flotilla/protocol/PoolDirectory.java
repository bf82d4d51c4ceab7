package io.flotilla.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The directory one pool's shared files live in: {@code <base>/<poolId>/}.
 * <pre>
 *   pool.properties   marker: magic, layout version, shard count, parent pid, start time, keep flag
 *   counters.dat      see {@link CountersLayout}
 *   work-&lt;s&gt;/         one Chronicle queue per shard, parent to workers
 *   results/          one Chronicle queue, workers to parent
 * </pre>
 * The base and the directory are this user's alone: directories of mode 0700 owned by the user, created and checked
 * without following symbolic links ({@link PrivatePaths}). The parent creates it ({@link #create}); workers open it
 * ({@link #open}) and tools read it ({@link #openForReading}), which checks that it is a Flotilla pool of this layout
 * version. {@link #close()} removes it unless
 * the pool was built to keep its files.
 */
public final class PoolDirectory implements AutoCloseable
{
    /** Layout version of the directory and of every file in it; bumped on any incompatible change. */
    public static final int LAYOUT_VERSION = 3;
    /** Name of the marker file. */
    public static final String MARKER_FILE = "pool.properties";
    /** Name of the counters file. */
    public static final String COUNTERS_FILE = "counters.dat";
    /** Slots of shared memory for large payloads ({@link BlobRegion}). */
    public static final String BLOBS_FILE = "blobs.dat";
    /** Name of the results queue directory. */
    public static final String RESULTS_QUEUE = "results";
    /** Prefix of a shard's work queue directory. */
    public static final String WORK_QUEUE_PREFIX = "work-";

    static final String MAGIC_KEY = "flotilla.magic";
    static final String MAGIC_VALUE = "flotilla-pool";
    static final String VERSION_KEY = "flotilla.layout.version";
    static final String SHARDS_KEY = "flotilla.shards";
    static final String PID_KEY = "flotilla.parent.pid";
    static final String START_KEY = "flotilla.start";
    /** Whether the files were to be kept after the pool: only pools that were not are swept when their parent died. */
    static final String KEEP_KEY = "flotilla.keep";
    /** The pool's one payload limit, for workers to check results against; absent in pools that set none. */
    static final String MAX_PAYLOAD_KEY = "flotilla.maxPayload";

    private final Path path;
    private final int shardCount;
    private final boolean keepFiles;
    private final int maxPayload;
    private final Properties marker;
    private boolean closed;

    private PoolDirectory(
        final Path path, final int shardCount, final boolean keepFiles, final int maxPayload, final Properties marker)
    {
        this.maxPayload = maxPayload;
        this.marker = marker;
        this.path = path;
        this.shardCount = shardCount;
        this.keepFiles = keepFiles;
    }

    /**
     * @return {@code /dev/shm/flotilla-<uid>} where {@code /dev/shm} is a writable directory (tmpfs: no disk write-back
     * on the hot path), else {@code <java.io.tmpdir>/flotilla-<uid>}: one base per user, so no user ever shares one
     * with another (a base must be owned by its user with mode 0700, see {@link PrivatePaths}). Nothing is created here.
     */
    public static Path defaultBase()
    {
        final String name = "flotilla-" + CurrentUser.fileNameTag();
        final Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm.resolve(name);
        }
        return Paths.get(System.getProperty("java.io.tmpdir")).resolve(name);
    }

    /**
     * Creates a new pool directory. It must not exist yet. Directories in the same base that dead parents left behind
     * (not kept, parent gone) are removed first.
     *
     * @param base       where pool directories live, created with mode 0700 if missing; an existing one must be a
     *                   directory (not a symbolic link) owned by this user with mode 0700.
     * @param poolId     the pool's name: letters, digits, {@code .}, {@code _} and {@code -} only.
     * @param shardCount number of work queues, at least 1.
     * @param keepFiles  whether {@link #close()} leaves the files for later replay.
     * @return the directory, its marker written.
     * @throws IpcException naming the path, its owner and mode when the base is not this user's private directory.
     */
    public static PoolDirectory create(final Path base, final String poolId, final int shardCount, final boolean keepFiles)
    {
        return create(base, poolId, shardCount, keepFiles, 0);
    }

    /**
     * {@link #create(Path, String, int, boolean)}, recording the pool's payload limit for its workers.
     *
     * @param maxPayload the largest encoded argument or result, in bytes, or 0 for none recorded.
     */
    public static PoolDirectory create(
        final Path base, final String poolId, final int shardCount, final boolean keepFiles, final int maxPayload)
    {
        return create(base, poolId, shardCount, keepFiles, maxPayload, Map.of());
    }

    /**
     * {@link #create(Path, String, int, boolean, int)}, recording settings for the pool's workers too (they read them
     * with {@link #setting}).
     *
     * @param settings keys beginning {@code flotilla.} and not the marker's own, each with a value.
     */
    public static PoolDirectory create(
        final Path base, final String poolId, final int shardCount, final boolean keepFiles, final int maxPayload,
        final Map<String, String> settings)
    {
        for (final Map.Entry<String, String> setting : settings.entrySet())
        {
            if (!setting.getKey().startsWith("flotilla.") || null == setting.getValue() ||
                Set.of(MAGIC_KEY, VERSION_KEY, SHARDS_KEY, PID_KEY, START_KEY, KEEP_KEY, MAX_PAYLOAD_KEY)
                .contains(setting.getKey()))
            {
                throw new IllegalArgumentException("a pool setting needs a flotilla.* key of its own and a value: key=" +
                    setting.getKey() + ", value=" + setting.getValue());
            }
        }
        if (null == poolId || !poolId.matches("[A-Za-z0-9._-]{1,128}") || poolId.startsWith("."))
        {
            throw new IllegalArgumentException(
                "pool id must be 1-128 of [A-Za-z0-9._-], not starting with '.': poolId=" + poolId);
        }
        if (shardCount < 1 || shardCount > CountersLayout.MAX_SHARDS)
        {
            throw new IllegalArgumentException(
                "shard count out of range: shardCount=" + shardCount + ", range=1.." + CountersLayout.MAX_SHARDS);
        }

        PrivatePaths.ensureDirectory(base);
        StalePoolSweeper.sweep(base);
        final Path dir = base.resolve(poolId);
        try
        {
            PrivatePaths.createDirectory(dir);
        }
        catch (final FileAlreadyExistsException ex)
        {
            final boolean holdsPool = Files.exists(dir.resolve(MARKER_FILE), LinkOption.NOFOLLOW_LINKS);
            throw new IpcException("pool directory already exists: path=" + dir +
                (holdsPool ? ", holds a pool (open it, or pick another id)" : ", is not a Flotilla pool directory"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create pool directory: path=" + dir, ex);
        }

        final Properties marker = new Properties();
        marker.setProperty(MAGIC_KEY, MAGIC_VALUE);
        marker.setProperty(VERSION_KEY, Integer.toString(LAYOUT_VERSION));
        marker.setProperty(SHARDS_KEY, Integer.toString(shardCount));
        marker.setProperty(PID_KEY, Long.toString(ProcessHandle.current().pid()));
        marker.setProperty(START_KEY, Instant.now().toString());
        marker.setProperty(KEEP_KEY, Boolean.toString(keepFiles));
        if (maxPayload > 0)
        {
            marker.setProperty(MAX_PAYLOAD_KEY, Integer.toString(maxPayload));
        }
        settings.forEach(marker::setProperty);
        final Path markerFile = dir.resolve(MARKER_FILE);
        final Path tmp = dir.resolve(MARKER_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp))
        {
            marker.store(out, "Flotilla pool directory: do not edit");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write marker: path=" + markerFile, ex);
        }
        try
        {
            setOwnerOnly(tmp);
            Files.move(tmp, markerFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write marker: path=" + markerFile, ex);
        }

        return new PoolDirectory(dir, shardCount, keepFiles, maxPayload, marker);
    }

    /**
     * Opens an existing pool directory, as a worker does: it must be this user's private directory, as
     * {@link #create} made it. Closing the result never removes the files.
     *
     * @param dir the pool directory.
     * @return the directory, checked to be a Flotilla pool of this layout version, owned by this user, mode 0700.
     * @throws IpcException naming the path and the problem when it is not.
     */
    public static PoolDirectory open(final Path dir)
    {
        final PoolDirectory directory = openForReading(dir);
        PrivatePaths.checkDirectory(dir);
        return directory;
    }

    /**
     * Opens an existing pool directory to read it, as a tool does ({@code replay}, {@code stat}): any owner and mode
     * (a copy, another user's pool read by root), but never through a symbolic link as its last component. Closing
     * the result never removes the files.
     *
     * @param dir the pool directory.
     * @return the directory, checked to be a Flotilla pool of this layout version.
     * @throws IpcException naming the path and the problem when it is not.
     */
    public static PoolDirectory openForReading(final Path dir)
    {
        if (Files.isSymbolicLink(dir))
        {
            throw new IpcException("not a Flotilla pool directory: path=" + dir + ", problem=is a symbolic link; " +
                "give the real directory");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IpcException("not a Flotilla pool directory: path=" + dir + ", problem=no such directory");
        }
        final Path markerFile = dir.resolve(MARKER_FILE);
        final Properties marker = new Properties();
        if (Files.exists(markerFile, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(markerFile, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IpcException("corrupt pool marker: path=" + markerFile + ", problem=not a regular file");
        }
        try (InputStream in = Files.newInputStream(markerFile, LinkOption.NOFOLLOW_LINKS))
        {
            marker.load(in);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IpcException("not a Flotilla pool directory: path=" + dir + ", problem=no " + MARKER_FILE);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new IpcException("corrupt pool marker: path=" + markerFile + ", problem=" + ex.getMessage(), ex);
        }

        if (!MAGIC_VALUE.equals(marker.getProperty(MAGIC_KEY)))
        {
            throw new IpcException("not a Flotilla pool directory: path=" + dir + ", problem=" + MARKER_FILE +
                " has " + MAGIC_KEY + "=" + marker.getProperty(MAGIC_KEY) + ", expected " + MAGIC_VALUE);
        }
        final int version = intProperty(marker, VERSION_KEY, markerFile);
        if (LAYOUT_VERSION != version)
        {
            throw new IpcException("pool layout version mismatch: path=" + dir + ", found=" + version +
                ", expected=" + LAYOUT_VERSION);
        }
        final int shards = intProperty(marker, SHARDS_KEY, markerFile);
        if (shards < 1 || shards > CountersLayout.MAX_SHARDS)
        {
            throw new IpcException("corrupt pool marker: path=" + markerFile + ", " + SHARDS_KEY + "=" + shards);
        }

        final int maxPayload = null == marker.getProperty(MAX_PAYLOAD_KEY) ? 0 :
            intProperty(marker, MAX_PAYLOAD_KEY, markerFile);
        if (maxPayload < 0)
        {
            throw new IpcException("corrupt pool marker: path=" + markerFile + ", " + MAX_PAYLOAD_KEY + "=" +
                maxPayload);
        }
        return new PoolDirectory(dir, shards, true, maxPayload, marker);
    }

    public Path path()
    {
        return path;
    }

    /**
     * @return a setting the pool recorded for its workers (see {@link #create(Path, String, int, boolean, int, Map)}),
     * or null.
     */
    public String setting(final String key)
    {
        return marker.getProperty(key);
    }

    /** @return the pool's payload limit in bytes, or 0 when the pool recorded none. */
    public int maxPayload()
    {
        return maxPayload;
    }

    public int shardCount()
    {
        return shardCount;
    }

    public boolean keepFiles()
    {
        return keepFiles;
    }

    /**
     * @param shard 0 to {@code shardCount() - 1}.
     * @return the directory of that shard's work queue.
     */
    public Path workQueue(final int shard)
    {
        if (shard < 0 || shard >= shardCount)
        {
            throw new IllegalArgumentException("shard out of range: shard=" + shard + ", shardCount=" + shardCount);
        }
        return path.resolve(WORK_QUEUE_PREFIX + shard);
    }

    public Path resultsQueue()
    {
        return path.resolve(RESULTS_QUEUE);
    }

    public Path countersFile()
    {
        return path.resolve(COUNTERS_FILE);
    }

    /** @return the pool's {@link BlobRegion} file, which a pool without one lacks. */
    public Path blobsFile()
    {
        return path.resolve(BLOBS_FILE);
    }

    /**
     * Removes the directory and everything in it unless the files are kept. Close the queues and the counters file
     * that live in it first.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (!keepFiles)
        {
            deleteTree(path);
        }
    }

    /**
     * Removes a directory tree; a missing tree is not an error. The removal works relative to opened directories and
     * never follows or crosses a symbolic link (a link is removed as a link, its target untouched) or a mount point.
     *
     * @param root the tree.
     * @throws IpcException when something still writes into it, or a directory in it is a mount point.
     */
    public static void deleteTree(final Path root)
    {
        TreeRemover.remove(root);
    }

    private static int intProperty(final Properties marker, final String key, final Path markerFile)
    {
        final String value = marker.getProperty(key);
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IpcException("corrupt pool marker: path=" + markerFile + ", " + key + "=" + value);
        }
    }

    /**
     * Makes a file of the pool readable and writable by its owner only (0600). Chronicle creates its queue files
     * with the process umask; the pool directory's 0700 is what keeps others out of those.
     */
    public static void setOwnerOnly(final Path file) throws IOException
    {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix"))
        {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
