package io.flotilla.launcher;

import io.flotilla.protocol.JvmFlags;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command line of a child JVM: by default the same {@code java} binary and class path as this JVM, the one shared
 * flag list ({@link JvmFlags}, which turns Chronicle analytics off), then the caller's JVM options, main class and
 * arguments. Immutable; build with {@link #builder(String)}.
 */
public final class JvmCommand
{
    private final List<String> command;

    private JvmCommand(final List<String> command)
    {
        this.command = List.copyOf(command);
    }

    /**
     * @param mainClass fully qualified name of the child's main class.
     */
    public static Builder builder(final String mainClass)
    {
        return new Builder(mainClass);
    }

    /** @return the whole command, binary first. */
    public List<String> toList()
    {
        return command;
    }

    /** @return a process builder for the command; the caller sets output redirection. */
    public ProcessBuilder processBuilder()
    {
        return new ProcessBuilder(command);
    }

    @Override
    public String toString()
    {
        return String.join(" ", command);
    }

    /** @return the {@code java} binary of the running JVM. */
    public static Path currentJavaBinary()
    {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /** Collects the parts of a {@link JvmCommand}. */
    public static final class Builder
    {
        private final String mainClass;
        private Path javaBinary = currentJavaBinary();
        private String classPath = System.getProperty("java.class.path");
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();

        private Builder(final String mainClass)
        {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        public Builder javaBinary(final Path javaBinary)
        {
            this.javaBinary = Objects.requireNonNull(javaBinary, "javaBinary");
            return this;
        }

        public Builder classPath(final String classPath)
        {
            this.classPath = Objects.requireNonNull(classPath, "classPath");
            return this;
        }

        /** Adds JVM options after the shared flags, so they can override them (e.g. {@code -Xmx}). */
        public Builder jvmOption(final String option)
        {
            jvmOptions.add(Objects.requireNonNull(option, "option"));
            return this;
        }

        public Builder arg(final String arg)
        {
            args.add(Objects.requireNonNull(arg, "arg"));
            return this;
        }

        public JvmCommand build()
        {
            if (classPath.isEmpty())
            {
                throw new IllegalArgumentException("class path is empty: classPath=\"\"");
            }
            final List<String> command = new ArrayList<>();
            command.add(javaBinary.toString());
            command.addAll(JvmFlags.all());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass);
            command.addAll(args);
            return new JvmCommand(command);
        }
    }
}
