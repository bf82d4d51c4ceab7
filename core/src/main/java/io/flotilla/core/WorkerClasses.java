package io.flotilla.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which classes the workers can load: the JDK's own (the workers run the same JDK), and any whose class file is on
 * the workers' class path ({@link WorkerClassPath#provides}). Answers are kept per class name, so a class path is
 * searched once per class.
 */
final class WorkerClasses
{
    private final String classPath;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    /** @param classPath the workers' class path ({@link WorkerClassPath#resolve}). */
    WorkerClasses(final String classPath)
    {
        this.classPath = classPath;
    }

    /**
     * @param internalName a class name in internal form ({@code com/acme/Fns}), as a {@code SerializedLambda} gives it.
     * @param loader       the loader that resolves the name in this JVM.
     * @return whether a worker can load the class.
     */
    boolean load(final String internalName, final ClassLoader loader)
    {
        final Boolean answer = known.get(internalName);
        if (null != answer)
        {
            return answer;
        }
        final boolean loads = isJdkClass(internalName, loader) ||
            WorkerClassPath.provides(classPath, internalName + ".class");
        known.put(internalName, loads);
        return loads;
    }

    /** @return the workers' class path, for messages. */
    String classPath()
    {
        return classPath;
    }

    private static boolean isJdkClass(final String internalName, final ClassLoader loader)
    {
        try
        {
            final ClassLoader definer = Class.forName(internalName.replace('/', '.'), false, loader).getClassLoader();
            return null == definer || ClassLoader.getPlatformClassLoader() == definer;
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return false;
        }
    }
}
