package io.flotilla.core;

import io.flotilla.Pool;
import io.flotilla.testkit.Functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerClassPathTest
{
    @TempDir
    Path dir;

    @Test
    void findsTheWorkerInDirectoriesAndJars() throws Exception
    {
        final Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("io/flotilla/worker"));
        Files.write(classes.resolve(WorkerClassPath.WORKER_MAIN_RESOURCE), new byte[] {1});
        final Path jar = jar("app.jar", WorkerClassPath.WORKER_MAIN_RESOURCE);
        final Path other = jar("other.jar", "com/example/Other.class");

        assertTrue(WorkerClassPath.provides(classes.toString(), WorkerClassPath.WORKER_MAIN_RESOURCE));
        assertTrue(WorkerClassPath.provides(other + File.pathSeparator + jar, WorkerClassPath.WORKER_MAIN_RESOURCE));
        assertFalse(WorkerClassPath.provides(other + File.pathSeparator + dir.resolve("missing.jar"),
            WorkerClassPath.WORKER_MAIN_RESOURCE));
    }

    @Test
    void hintsNameTheLauncher() throws Exception
    {
        assertTrue(WorkerClassPath.hint("/usr/share/maven/boot/plexus-classworlds-2.6.0.jar", true)
            .contains("mvn exec:java"));
        final Path boot = jar("service.jar", "BOOT-INF/lib/flotilla-worker.jar");
        assertTrue(WorkerClassPath.hint(boot.toString(), true).contains("Spring Boot"));
        assertTrue(WorkerClassPath.hint(dir.toString(), false).contains("workerClassPath"));
    }

    @Test
    void aPoolStartsOnAnExplicitWorkerClassPath()
    {
        final List<Path> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.isEmpty()).map(Path::of).filter(Files::exists).toList();
        try (Pool pool = Pool.builder().processes(1).workerClassPath(entries).build())
        {
            assertEquals(49, pool.submit(Functions.Square.class, 7).join());
        }
    }

    @Test
    void aClassPathWithoutTheWorkerFailsTheBuildAtOnceSayingHowToSetIt()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> Pool.builder().processes(1).workerClassPath(List.of(dir)).build());
        assertTrue(ex.getMessage().contains("holds no Flotilla worker") && ex.getMessage().contains("workerClassPath=" +
            dir.toAbsolutePath()) && ex.getMessage().contains("add flotilla-worker"), ex.getMessage());

        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> Pool.builder().workerClassPath(List.of(dir.resolve("nope.jar"))));
        assertTrue(missing.getMessage().contains("entry does not exist"), missing.getMessage());
    }

    private Path jar(final String name, final String entry) throws Exception
    {
        final Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out))
        {
            jarOut.putNextEntry(new JarEntry(entry));
            jarOut.write(1);
            jarOut.closeEntry();
        }
        return jar;
    }
}
