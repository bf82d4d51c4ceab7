package io.flotilla.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that this JVM runs with the {@code --add-opens} and {@code --add-exports} of {@link JvmFlags} that Chronicle
 * and Agrona need, so that a JVM without them fails at once with a message that lists what is missing and how to pass
 * it, instead of an {@code IllegalAccessError} deep inside the first queue.
 */
public final class JvmAccessCheck
{
    private JvmAccessCheck()
    {
    }

    /** @return the required opens and exports this JVM lacks, as flags; empty when it has them all. */
    public static List<String> missingFlags()
    {
        final Module unnamed = JvmAccessCheck.class.getModule();
        final List<String> missing = new ArrayList<>();
        for (final String flag : JvmFlags.all())
        {
            final boolean opens = flag.startsWith("--add-opens=");
            if (!opens && !flag.startsWith("--add-exports="))
            {
                continue;
            }
            // --add-opens=java.base/java.lang=ALL-UNNAMED
            final String spec = flag.substring(flag.indexOf('=') + 1);
            final int slash = spec.indexOf('/');
            final int equals = spec.indexOf('=', slash);
            if (slash < 0 || equals < 0)
            {
                continue;
            }
            final String moduleName = spec.substring(0, slash);
            final String pkg = spec.substring(slash + 1, equals);
            final Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
            if (module.isEmpty())
            {
                continue; // a module this JDK does not have (or did not resolve): nothing of ours can need it
            }
            final boolean granted = opens ? module.get().isOpen(pkg, unnamed) : module.get().isExported(pkg, unnamed);
            if (!granted)
            {
                missing.add(flag);
            }
        }
        return missing;
    }

    /**
     * @throws IllegalStateException listing the missing flags and the two ways to pass them, when any is missing.
     */
    public static void require()
    {
        final List<String> missing = missingFlags();
        if (missing.isEmpty())
        {
            return;
        }
        throw new IllegalStateException("this JVM lacks flags Flotilla's shared-memory queues need: missing=" +
            missing + ". Pass them either as an argfile, `java @flotilla-jvm.flags ...` (the file is the class-path " +
            "resource " + JvmFlags.RESOURCE + " in flotilla-ipc's jar; copy it out once), or in the environment, " +
            "JDK_JAVA_OPTIONS=\"" + String.join(" ", missing) + "\"");
    }
}
