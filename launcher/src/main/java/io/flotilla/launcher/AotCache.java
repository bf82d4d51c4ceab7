package io.flotilla.launcher;

import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.PrivatePaths;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JDK 25 AOT cache (JEP 483/514) for worker JVMs: classes loaded and linked, and method profiles, from a training
 * run, so a worker starts faster. A cache only fits the exact JDK, class path (each jar's size and time) and JVM
 * options it was trained with, so its file name is a hash of those, and a worker uses a cache only when one with its
 * own hash exists. The JDK needs a class path of jars only; a directory on it (as in a build's tests) means no cache.
 * <p>
 * Training runs a separate JVM with the workers' options and {@code -XX:AOTCacheOutput}; it writes a temporary file
 * that is renamed into place only when training succeeded.
 * <p>
 * A cache is code and data a worker JVM maps and trusts, so both the directory and the file must be this user's
 * ({@link PrivatePaths}): the directory not a symbolic link, owned by this user, mode 0700; the file a regular file
 * owned by this user that neither group nor others may write. Training refuses an untrusted directory. A worker is
 * never given an untrusted cache: it starts without one, and a warning names the path, its owner and mode. Starting
 * without the cache is as safe as refusing (no foreign bytes reach the worker) and keeps the pool working; the
 * warning says what to remove.
 */
public final class AotCache
{
    /** First JDK with {@code -XX:AOTCacheOutput} and {@code -XX:AOTCache}. */
    public static final int MIN_JAVA_FEATURE = 25;
    /**
     * Caches kept in the directory; a rebuild changes the jars and so needs a new cache, and the default directory is
     * on tmpfs (memory), so older ones are removed after each training, the most recently used kept.
     */
    public static final int CACHES_KEPT = 3;

    private static final System.Logger LOGGER = System.getLogger(AotCache.class.getName());
    /** Untrusted caches already warned about: a pool launches many workers, one warning a file is enough. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final Path directory;

    public AotCache(final Path directory)
    {
        this.directory = directory;
    }

    /** @return caches in {@code <default pool base>/aot}. */
    public static AotCache atDefaultLocation()
    {
        return new AotCache(PoolDirectory.defaultBase().resolve("aot"));
    }

    public Path directory()
    {
        return directory;
    }

    /**
     * @return why workers of this configuration cannot use an AOT cache, or null when they can.
     */
    public static String unsupportedReason(final LaunchConfig config)
    {
        if (!config.javaBinary().equals(JvmCommand.currentJavaBinary()))
        {
            return "workers run another java binary than this JVM: javaBinary=" + config.javaBinary();
        }
        if (Runtime.version().feature() < MIN_JAVA_FEATURE)
        {
            return "JDK " + Runtime.version().feature() + " has no AOT cache, " + MIN_JAVA_FEATURE + "+ does";
        }
        for (final String entry : config.classPath().split(File.pathSeparator))
        {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry)))
            {
                return "the class path holds something other than jars: entry=" + entry;
            }
        }
        return null;
    }

    /**
     * @return the cache file for workers of this configuration (which may not exist yet).
     */
    public Path fileFor(final LaunchConfig config)
    {
        try
        {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, config.javaBinary().toString());
            update(digest, Runtime.version().toString());
            for (final String entry : config.classPath().split(File.pathSeparator))
            {
                final Path jar = Path.of(entry);
                final BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
                update(digest, jar.toAbsolutePath() + "|" + attributes.size() + "|" + attributes.lastModifiedTime());
            }
            for (final String option : config.vmOptionsForCache())
            {
                update(digest, option);
            }
            return directory.resolve("worker-" + HexFormat.of().formatHex(digest.digest(), 0, 12) + ".aot");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read class path entry for the AOT cache key", ex);
        }
    }

    /**
     * @return the JVM options that make a worker use its cache: none when there is no usable cache.
     */
    public List<String> optionsFor(final LaunchConfig config)
    {
        if (null != unsupportedReason(config))
        {
            return List.of();
        }
        final Path file = fileFor(config);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS))
        {
            return List.of();
        }
        final String untrusted = untrustedReason(file);
        if (null != untrusted)
        {
            if (WARNED.add(untrusted))
            {
                LOGGER.log(System.Logger.Level.WARNING, "AOT cache not used, workers start without it: " + untrusted);
            }
            return List.of();
        }
        // a cache that does not fit is ignored by the JVM; its complaint would only be noise in the worker's log
        return List.of("-XX:AOTCache=" + file, "-Xlog:aot=off");
    }

    /**
     * Trains a cache for workers of this configuration by running {@code trainerMainClass} with their JVM options,
     * class path and {@code -XX:AOTCacheOutput}, and waits for it.
     *
     * @return the cache file.
     * @throws IllegalStateException naming the reason when the configuration cannot use a cache or training failed.
     */
    public Path train(final LaunchConfig config, final String trainerMainClass, final Duration timeout)
    {
        final String unsupported = unsupportedReason(config);
        if (null != unsupported)
        {
            throw new IllegalStateException("cannot train an AOT cache: " + unsupported);
        }
        final Path file = fileFor(config);
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        final Path log = file.resolveSibling(file.getFileName() + ".train.log");
        try
        {
            PrivatePaths.ensureDirectory(directory);
            final List<String> command = new ArrayList<>(config.trainingCommand(trainerMainClass,
                "-XX:AOTCacheOutput=" + tmp));
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("AOT training did not finish in time: timeout=" + timeout + ", log=" + log);
            }
            if (0 != process.exitValue() || !Files.isRegularFile(tmp))
            {
                throw new IllegalStateException("AOT training failed: " + ExitDescription.of(process.exitValue()) +
                    ", log=" + log + ", last output:\n" + OutputPump.tail(log, OutputPump.LINES_IN_ERROR));
            }
            PoolDirectory.setOwnerOnly(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(log);
            removeOldCaches();
            LOGGER.log(System.Logger.Level.DEBUG, "AOT cache trained: file=" + file);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot train AOT cache: file=" + file, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training AOT cache: file=" + file, ex);
        }
        finally
        {
            try
            {
                Files.deleteIfExists(tmp);
            }
            catch (final IOException ignored)
            {
                // a leftover temporary file is harmless: its name never matches a cache
            }
        }
    }

    /**
     * @return why the cache file (which exists) must not be given to a worker, naming path, owner and mode; null when
     * both it and its directory are this user's.
     */
    public String untrustedReason(final Path file)
    {
        try
        {
            final String directoryProblem = PrivatePaths.directoryProblem(directory);
            return null != directoryProblem ? directoryProblem : PrivatePaths.fileProblem(file);
        }
        catch (final NoSuchFileException ex)
        {
            return "gone while checked: path=" + ex.getFile();
        }
        catch (final IOException ex)
        {
            return "cannot read its attributes: path=" + file + ", error=" + ex;
        }
    }

    private void removeOldCaches() throws IOException
    {
        final List<Path> caches;
        try (java.util.stream.Stream<Path> files = Files.list(directory))
        {
            caches = files.filter(p -> p.getFileName().toString().matches("worker-[0-9a-f]+\\.aot"))
                .sorted(java.util.Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed()).toList();
        }
        for (final Path old : caches.subList(Math.min(CACHES_KEPT, caches.size()), caches.size()))
        {
            Files.deleteIfExists(old);
        }
    }

    private static void update(final MessageDigest digest, final String value)
    {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte)0);
    }
}
