package io.flotilla.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One worker or spare JVM and the pump that copies its output: spawned here, asked whether it lives, stopped here.
 * Nothing here decides when; the launcher and the spares do.
 * <p>
 * Threads: any; the process and its pump are thread-safe.
 */
final class WorkerProcess
{
    /** How long a process may take to die after {@link Process#destroyForcibly()} before that counts as a bug. */
    static final long KILL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** How long to wait for a dead process's output to reach its log. */
    static final long OUTPUT_DRAIN_MS = 2_000;

    private final Process process;
    private final OutputPump pump;

    WorkerProcess(final Process process, final OutputPump pump)
    {
        this.process = process;
        this.pump = pump;
    }

    /**
     * Starts a JVM with its stderr merged into its stdout, pumped to {@code log} and the parent's logger as
     * {@code name}.
     *
     * @throws IOException when the JVM cannot be started.
     */
    static WorkerProcess spawn(
        final JvmCommand command, final Path log, final String name, final System.Logger.Level outputLevel)
        throws IOException
    {
        final Process process = command.processBuilder().redirectErrorStream(true).start();
        return new WorkerProcess(process, OutputPump.start(process, log, name, outputLevel));
    }

    Process process()
    {
        return process;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /** @return the exit value; the process must have ended. */
    int exitValue()
    {
        return process.exitValue();
    }

    /** Sends the output, from its next line, to the log of worker {@code slot}. */
    void retarget(final Path log, final int slot, final System.Logger.Level outputLevel)
    {
        pump.retarget(process, log, slot, outputLevel);
    }

    /** Asks the process to end (SIGTERM); does not wait. */
    void destroy()
    {
        if (process.isAlive())
        {
            process.destroy();
        }
    }

    /** Kills the process now (SIGKILL) without waiting. */
    void destroyForcibly()
    {
        process.destroyForcibly();
    }

    /**
     * Kills the process and waits until it is gone.
     *
     * @throws IllegalStateException when it is still there after {@link #KILL_TIMEOUT_NS}.
     */
    void kill()
    {
        process.destroyForcibly();
        if (!waitFor(KILL_TIMEOUT_NS))
        {
            throw new IllegalStateException("worker JVM survived destroyForcibly: pid=" + process.pid());
        }
    }

    /** @return whether the process ended within the timeout; an interrupt ends the wait and is kept. */
    boolean waitFor(final long timeoutNs)
    {
        try
        {
            return process.waitFor(timeoutNs, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Waits, up to {@link #OUTPUT_DRAIN_MS}, until all the process wrote has reached its log. */
    void awaitOutput()
    {
        pump.awaitEnd(OUTPUT_DRAIN_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString()
    {
        return "WorkerProcess{pid=" + process.pid() + ", alive=" + process.isAlive() + "}";
    }
}
