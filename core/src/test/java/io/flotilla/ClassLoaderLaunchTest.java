package io.flotilla;

import io.flotilla.launcher.JvmCommand;
import io.flotilla.protocol.JvmFlags;
import io.flotilla.testkit.Functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application whose JVM class path holds no Flotilla, which loads Flotilla and its tasks through a class loader of
 * its own, as {@code mvn exec:java} and application servers do: its workers take that loader's jars and directories
 * and run its tasks, with no {@code workerClassPath} set.
 */
@Timeout(120)
class ClassLoaderLaunchTest
{
    /** The launcher: its JVM's class path is one directory; everything else comes through a URLClassLoader. */
    public static final class IsolatingLauncher
    {
        public static void main(final String[] args) throws Exception
        {
            final List<URL> urls = new ArrayList<>();
            for (final String entry : args[0].split(File.pathSeparator))
            {
                if (!entry.isEmpty())
                {
                    urls.add(Path.of(entry).toUri().toURL());
                }
            }
            try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader()))
            {
                Thread.currentThread().setContextClassLoader(loader);
                final Class<?> application = Class.forName(Application.class.getName(), true, loader);
                System.out.println("application loader is isolated=" + (application.getClassLoader() == loader));
                final Method main = application.getMethod("main", String[].class);
                main.invoke(null, (Object) new String[0]);
            }
        }
    }

    /** The application, loaded by the launcher's class loader. */
    public static final class Application
    {
        public static void main(final String[] args)
        {
            System.out.println("java.class.path=" + System.getProperty("java.class.path"));
            try (Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build())
            {
                System.out.println("answer=" + pool.submit(Functions.Square.class, 9).join());
            }
        }
    }

    @Test
    void workersTakeTheClassPathOfTheLoaderThatLoadedFlotilla() throws Exception
    {
        final Path launcherDir = Files.createTempDirectory("isolating-launcher");
        final Path output = Files.createTempFile("class-loader-launch", ".log");
        Process parent = null;
        try
        {
            // the launcher JVM's own class path: its two classes only, no Flotilla
            final String prefix = ClassLoaderLaunchTest.class.getName().replace('.', '/');
            final Path compiled = Path.of(ClassLoaderLaunchTest.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
            for (final String name : List.of(prefix + "$IsolatingLauncher.class", prefix + "$Application.class"))
            {
                final Path target = launcherDir.resolve(name);
                Files.createDirectories(target.getParent());
                Files.copy(compiled.resolve(name), target);
            }
            final List<String> command = new ArrayList<>();
            command.add(JvmCommand.currentJavaBinary().toString());
            command.addAll(JvmFlags.all());
            command.add("-cp");
            command.add(launcherDir.toString());
            command.add(IsolatingLauncher.class.getName());
            command.add(System.getProperty("java.class.path"));
            parent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertTrue(parent.waitFor(90, TimeUnit.SECONDS), "the application finished");
            final String log = Files.readString(output);
            assertEquals(0, parent.exitValue(), log);
            assertTrue(log.contains("java.class.path=" + launcherDir), "the JVM's class path holds no Flotilla: " + log);
            assertTrue(log.contains("application loader is isolated=true"), log);
            assertTrue(log.contains("the workers take the class path of the class loaders"), "said so: " + log);
            assertTrue(log.contains("answer=81"), "a worker ran the application's task: " + log);
        }
        finally
        {
            if (null != parent)
            {
                parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(output);
            try (var files = Files.walk(launcherDir))
            {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
