package io.flotilla.launcher;

import io.flotilla.protocol.PrivatePaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real AOT cache: trained by a real JVM from a jars-only class path, then mapped by another one that is told to fail
 * if it cannot use it.
 */
class AotCacheTest
{
    /** A stand-in for a worker's training run: touches the transport classes, then exits. */
    public static final class Trainee
    {
        public static void main(final String[] args)
        {
            System.out.println("flags " + io.flotilla.protocol.JvmFlags.all().size() + ", idle " +
                io.flotilla.protocol.IdleStrategies.newIdleStrategy(io.flotilla.IdleMode.BACKOFF).alias());
        }
    }

    @Test
    void directoriesOnTheClassPathMeanNoCache()
    {
        final LaunchConfig config = LaunchConfig.builder("x.Main").classPath("/tmp" + File.pathSeparator + "a.jar").build();
        final String reason = AotCache.unsupportedReason(config);
        assertTrue(null != reason && reason.contains("something other than jars: entry=/tmp"), String.valueOf(reason));
    }

    @Test
    @Timeout(180)
    void trainedCacheIsFoundAndMappedByAWorkerJvm(@TempDir final Path dir) throws Exception
    {
        assumeTrue(Runtime.version().feature() >= AotCache.MIN_JAVA_FEATURE, "AOT caches need JDK 25+");
        final String classPath = jarsOnlyClassPath(dir.resolve("jars"));
        final LaunchConfig config = LaunchConfig.builder(Trainee.class.getName()).classPath(classPath).build();
        assertNull(AotCache.unsupportedReason(config));

        final AotCache cache = new AotCache(dir.resolve("aot"));
        assertEquals(List.of(), cache.optionsFor(config), "nothing before training");
        PrivatePaths.ensureDirectory(cache.directory());
        for (int i = 0; i < AotCache.CACHES_KEPT; i++)
        {
            final Path stale = cache.directory().resolve("worker-00000000000000000000000" + i + ".aot");
            Files.write(stale, new byte[] {1});
            Files.setLastModifiedTime(stale, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        final Path file = cache.train(config, Trainee.class.getName(), Duration.ofMinutes(2));
        assertTrue(Files.size(file) > 1_000_000, "a real cache: bytes=" + Files.size(file));
        try (Stream<Path> left = Files.list(cache.directory()))
        {
            final List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(AotCache.CACHES_KEPT, names.size(), "older caches removed: " + names);
            assertTrue(names.contains(file.getFileName().toString()) &&
                !names.contains("worker-000000000000000000000000.aot"), "the oldest went first: " + names);
        }
        assertEquals(List.of("-XX:AOTCache=" + file, "-Xlog:aot=off"), cache.optionsFor(config));
        assertEquals(file, cache.fileFor(LaunchConfig.builder(Trainee.class.getName()).classPath(classPath)
            .jvmOption("-Xlog:class+load=info:file=/dev/null").jvmOption("-Dsome.property=1").build()),
            "logging options and system properties do not change what a cache holds");
        assertNotEquals(file, cache.fileFor(LaunchConfig.builder(Trainee.class.getName()).classPath(classPath)
            .jvmOption("-XX:+UseParallelGC").build()), "a collector does");

        // AOTMode=on makes the JVM fail at start if it cannot map the cache
        final List<String> command = new ArrayList<>(config.trainingCommand(Trainee.class.getName(), "-XX:AOTMode=on"));
        command.add(command.size() - 1, "-XX:AOTCache=" + file);
        final Path out = dir.resolve("run.log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try
        {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), Files.readString(out));
            assertTrue(Files.readString(out).contains("idle tiered-backoff"), Files.readString(out));
        }
        finally
        {
            process.destroyForcibly();
        }

        final Path firstJar = Path.of(classPath.split(File.pathSeparator)[0]);
        Files.setLastModifiedTime(firstJar, FileTime.fromMillis(Files.getLastModifiedTime(firstJar).toMillis() + 5_000));
        assertNotEquals(file, cache.fileFor(config), "a changed jar needs another cache");
        assertEquals(List.of(), cache.optionsFor(config));
    }

    /** This test's class path with each directory packed into a jar, as a deployed application has it. */
    private static String jarsOnlyClassPath(final Path jars) throws IOException
    {
        Files.createDirectories(jars);
        final String raw = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> entries = new ArrayList<>();
        int n = 0;
        for (final String entry : raw.split(File.pathSeparator))
        {
            final Path path = Path.of(entry);
            if (Files.isDirectory(path))
            {
                final Path jar = jars.resolve("dir-" + n++ + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            }
            else if (entry.endsWith(".jar") && Files.isRegularFile(path) && !entry.contains("surefire"))
            {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void pack(final Path directory, final Path jar) throws IOException
    {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
            Stream<Path> walk = Files.walk(directory))
        {
            for (final Path path : walk.filter(Files::isRegularFile).toList())
            {
                out.putNextEntry(new JarEntry(directory.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }
}
