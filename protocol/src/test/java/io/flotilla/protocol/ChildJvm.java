package io.flotilla.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: a child JVM with the shared flags and this JVM's class path, its output in a file.
 */
final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final Path log;

    private ChildJvm(final Process process, final Path log)
    {
        this.process = process;
        this.log = log;
    }

    static ChildJvm start(final Path log, final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.all());
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            return new ChildJvm(process, log);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start child JVM: command=" + command, ex);
        }
    }

    Process process()
    {
        return process;
    }

    String output()
    {
        try
        {
            return Files.exists(log) ? Files.readString(log) : "";
        }
        catch (final IOException ex)
        {
            return "(cannot read " + log + ": " + ex + ")";
        }
    }

    /** @return whether it exited by itself within the timeout. */
    boolean awaitExit(final long timeout, final TimeUnit unit)
    {
        try
        {
            return process.waitFor(timeout, unit);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills it if it still runs and waits, bounded, until it is gone. */
    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
        }
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("child JVM did not die: pid=" + process.pid());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for child JVM: pid=" + process.pid(), ex);
        }
    }
}
