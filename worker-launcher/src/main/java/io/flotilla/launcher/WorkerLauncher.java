package io.flotilla.launcher;

import io.flotilla.ipc.CountersFile;
import io.flotilla.ipc.PoolDirectory;
import io.flotilla.ipc.ProcessState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts a pool's worker JVMs and stops them. Worker {@code w} (slot {@code w} of {@code counters.dat}, 1-based) is
 * bound to shard {@code (w - 1) % shards}; its output goes to {@code worker-<w>.log} in the pool directory. Readiness
 * is the READY state the worker writes in its slot, never a sleep.
 * <p>
 * Not thread-safe: the pool's owner starts and closes it. Closing waits for workers to exit by themselves (the parent
 * has told them to finish through its CLOSING state), then destroys, then destroys forcibly, and waits each time.
 */
public final class WorkerLauncher implements AutoCloseable
{
    /** Lines of a failed worker's output quoted in the error. */
    static final int OUTPUT_LINES_IN_ERROR = 20;

    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final PoolDirectory directory;
    private final CountersFile counters;
    private final LaunchConfig config;
    private final List<Process> processes = new ArrayList<>();
    private boolean closed;

    private WorkerLauncher(final PoolDirectory directory, final CountersFile counters, final LaunchConfig config)
    {
        this.directory = directory;
        this.counters = counters;
        this.config = config;
    }

    /**
     * Starts every worker and waits until all are ready.
     *
     * @throws WorkerStartException when one exits or is not ready in time; every started worker is then stopped.
     */
    public static WorkerLauncher start(final PoolDirectory directory, final CountersFile counters, final LaunchConfig config)
    {
        if (config.workers() > counters.workerSlots())
        {
            throw new IllegalArgumentException("more workers than slots in counters.dat: workers=" + config.workers() +
                ", workerSlots=" + counters.workerSlots());
        }
        final WorkerLauncher launcher = new WorkerLauncher(directory, counters, config);
        try
        {
            for (int slot = 1; slot <= config.workers(); slot++)
            {
                launcher.launch(slot);
            }
            launcher.awaitReady();
            return launcher;
        }
        catch (final RuntimeException ex)
        {
            launcher.destroyAll();
            throw ex;
        }
    }

    /** @return the worker processes, by slot - 1. */
    public List<Process> processes()
    {
        return List.copyOf(processes);
    }

    /** @return the log file of the worker in that slot. */
    public Path logFile(final int slot)
    {
        return directory.path().resolve("worker-" + slot + ".log");
    }

    /**
     * Waits up to the shutdown grace for workers to exit, then destroys what is left, then destroys it forcibly.
     * Returns once every worker process is gone.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        for (final Process process : processes)
        {
            waitFor(process, Math.max(0, deadline - System.nanoTime()));
        }
        destroyAll();
    }

    private void launch(final int slot)
    {
        final int shard = (slot - 1) % counters.shardCount();
        counters.shardOf(slot, shard);
        counters.state(slot, ProcessState.STARTING);
        counters.addStart(slot);
        final Path log = logFile(slot);
        final JvmCommand command = config.commandFor(directory.path(), slot);
        try
        {
            processes.add(command.processBuilder()
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start());
        }
        catch (final IOException ex)
        {
            throw new WorkerStartException("cannot start worker: slot=" + slot + ", command=" + command +
                ", problem=" + ex.getMessage());
        }
    }

    private void awaitReady()
    {
        final long deadline = System.nanoTime() + config.readyTimeout().toNanos();
        for (int slot = 1; slot <= processes.size(); slot++)
        {
            final Process process = processes.get(slot - 1);
            while (ProcessState.READY != counters.state(slot))
            {
                if (!process.isAlive())
                {
                    throw new WorkerStartException("worker exited before it was ready: slot=" + slot + ", pid=" +
                        process.pid() + ", exitCode=" + process.exitValue() + ", mainClass=" + config.mainClass() +
                        ", log=" + logFile(slot) + ", last output:\n" + tail(logFile(slot)));
                }
                if (System.nanoTime() > deadline)
                {
                    throw new WorkerStartException("worker not ready in time: slot=" + slot + ", pid=" + process.pid() +
                        ", readyTimeout=" + config.readyTimeout() + ", state=" + counters.state(slot) + ", log=" +
                        logFile(slot) + ", last output:\n" + tail(logFile(slot)));
                }
                LockSupport.parkNanos(POLL_NS);
            }
        }
    }

    private void destroyAll()
    {
        for (final Process process : processes)
        {
            if (process.isAlive())
            {
                process.destroy();
            }
        }
        for (final Process process : processes)
        {
            if (!waitFor(process, TimeUnit.SECONDS.toNanos(1)))
            {
                process.destroyForcibly();
                if (!waitFor(process, TimeUnit.SECONDS.toNanos(10)))
                {
                    throw new IllegalStateException("worker JVM survived destroyForcibly: pid=" + process.pid());
                }
            }
        }
    }

    private static boolean waitFor(final Process process, final long timeoutNs)
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

    static String tail(final Path log)
    {
        try
        {
            if (!Files.exists(log))
            {
                return "(no output)";
            }
            // decoded leniently: a dying JVM may leave half a character behind
            final List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_IN_ERROR), lines.size()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read worker log: path=" + log, ex);
        }
    }
}
