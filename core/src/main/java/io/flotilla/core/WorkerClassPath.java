package io.flotilla.core;

import io.flotilla.PoolConfig;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The class path worker JVMs start with: the configuration's, or this JVM's own; or, when this JVM's holds no worker
 * (Flotilla came through a class loader of its own, as under {@code mvn exec:java}), the files its class loaders read. It is checked before any worker
 * starts: a path that cannot start a worker fails the build naming what it holds and how to set it, instead of
 * every worker dying with "Could not find or load main class".
 */
final class WorkerClassPath
{
    /** What every worker JVM must load first. */
    static final String WORKER_MAIN_RESOURCE = "io/flotilla/worker/WorkerMain.class";
    private static final int MAX_SHOWN = 400;
    private static final System.Logger LOG = System.getLogger(WorkerClassPath.class.getName());

    private WorkerClassPath()
    {
    }

    /**
     * @return the workers' class path.
     * @throws IllegalStateException naming the class path and how to set {@code workerClassPath} when no entry of it
     *                               holds Flotilla's worker.
     */
    static String resolve(final PoolConfig config)
    {
        final boolean own = null == config.workerClassPath();
        final String classPath = own ? System.getProperty("java.class.path", "") : config.workerClassPath();
        if (own && !provides(classPath, WORKER_MAIN_RESOURCE))
        {
            // Flotilla came through a class loader of its own (mvn exec:java, an application server, a plugin host):
            // the workers take the jars and directories that loader reads
            final String loaders = ofClassLoaders(Thread.currentThread().getContextClassLoader(),
                WorkerClassPath.class.getClassLoader());
            if (provides(loaders, WORKER_MAIN_RESOURCE))
            {
                LOG.log(System.Logger.Level.INFO, "java.class.path holds no Flotilla worker, so the workers take the " +
                    "class path of the class loaders that loaded Flotilla and the application: entries=" +
                    loaders.split(File.pathSeparator).length + " (set workerClassPath(...) to choose it)");
                return loaders;
            }
        }
        if (!provides(classPath, WORKER_MAIN_RESOURCE))
        {
            throw new IllegalStateException("the workers' class path holds no Flotilla worker (" +
                WORKER_MAIN_RESOURCE + "): " + (own ? "this JVM's java.class.path" : "workerClassPath") + "=" +
                shown(classPath) + "; " + hint(classPath, own));
        }
        return classPath;
    }

    /**
     * @return the local files (jars and directories) of the {@link URLClassLoader}s among the given loaders and their
     * parents, nearest first, each once, as a class path; empty when there are none.
     */
    static String ofClassLoaders(final ClassLoader... loaders)
    {
        final Set<String> entries = new LinkedHashSet<>();
        for (final ClassLoader first : loaders)
        {
            for (ClassLoader loader = first; null != loader; loader = loader.getParent())
            {
                if (loader instanceof URLClassLoader urls)
                {
                    for (final URL url : urls.getURLs())
                    {
                        if ("file".equals(url.getProtocol()))
                        {
                            try
                            {
                                entries.add(Path.of(url.toURI()).toString());
                            }
                            catch (final URISyntaxException | IllegalArgumentException notAFile)
                            {
                                // not a plain local path: a worker JVM could not read it either
                            }
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** @return whether a directory or jar on the class path holds the resource. */
    static boolean provides(final String classPath, final String resource)
    {
        for (final String entry : classPath.split(File.pathSeparator))
        {
            if (entry.isEmpty())
            {
                continue;
            }
            final Path path = Path.of(entry);
            if (Files.isDirectory(path))
            {
                if (Files.isRegularFile(path.resolve(resource)))
                {
                    return true;
                }
            }
            else if (Files.isRegularFile(path) && inJar(path, jar -> null != jar.getEntry(resource)))
            {
                return true;
            }
        }
        return false;
    }

    static String hint(final String classPath, final boolean own)
    {
        if (classPath.contains("plexus-classworlds"))
        {
            return "this JVM was started by Maven (mvn exec:java), whose class path is Maven's own: build the pool " +
                "with workerClassPath(...) naming your application's jars and directories (mvn dependency:build-classpath " +
                "prints them), or run with java -cp";
        }
        final String[] entries = classPath.split(File.pathSeparator);
        if (1 == entries.length && entries[0].endsWith(".jar") && inJar(Path.of(entries[0]),
            jar -> jar.stream().anyMatch(entry -> entry.getName().startsWith("BOOT-INF/"))))
        {
            return "a Spring Boot jar keeps its libraries nested, which a worker JVM cannot load: extract it " +
                "(java -Djarmode=tools -jar app.jar extract) and pass the extracted jars with workerClassPath(...)";
        }
        return own ? "start this JVM with Flotilla's jars on -cp, or pass workerClassPath(...)" :
            "add flotilla-worker and its dependencies to workerClassPath(...)";
    }

    /** @return what the test says of the jar; false for a file that is no jar. */
    private static boolean inJar(final Path path, final java.util.function.Predicate<JarFile> test)
    {
        try (JarFile jar = new JarFile(path.toFile()))
        {
            return test.test(jar);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    static String shown(final String classPath)
    {
        return classPath.length() <= MAX_SHOWN ? classPath :
            classPath.substring(0, MAX_SHOWN) + "... (" + classPath.length() + " chars)";
    }
}
