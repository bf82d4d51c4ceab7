package io.flotilla.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One spare JVM ({@link StandbyMain}), its standby file and its own log until a pool takes it. Started and stopped
 * here; {@link SpareWorkers} decides which and when.
 * <p>
 * Threads: the one that holds {@link SpareWorkers}' lock, or the one stopping spares no one else can reach.
 */
final class Spare
{
    private static final long EXIT_GRACE_MS = 2_000;

    final WorkerProcess process;
    final StandbyFile standby;
    final Path log;

    private Spare(final WorkerProcess process, final StandbyFile standby, final Path log)
    {
        this.process = process;
        this.standby = standby;
        this.log = log;
    }

    /**
     * Starts spare number {@code n} of {@code config} with its standby file and log in {@code directory}.
     *
     * @throws WorkerStartException when the JVM cannot be started.
     */
    static Spare start(final LaunchConfig config, final Path directory, final long n)
    {
        final Path file = directory.resolve("spare-" + n + ".standby");
        final StandbyFile standby = StandbyFile.create(file);
        final JvmCommand command = config.standbyCommand(file);
        final Path log = directory.resolve("spare-" + n + ".log");
        try
        {
            return new Spare(WorkerProcess.spawn(command, log, "spare-" + n, config.outputLevel()), standby, log);
        }
        catch (final IOException ex)
        {
            standby.close();
            throw new WorkerStartException("cannot start spare worker: command=" + command + ", problem=" +
                ex.getMessage());
        }
    }

    /** @return a warm spare when there is one, else the first, else null. */
    static Spare choose(final Iterable<Spare> waiting)
    {
        Spare first = null;
        for (final Spare spare : waiting)
        {
            if (spare.isWarm())
            {
                return spare;
            }
            if (null == first)
            {
                first = spare;
            }
        }
        return first;
    }

    /**
     * Makes the spare worker {@code slot} of a pool: its output goes to the worker's log from now on (an
     * initializer's failure, say, must reach it from its first line), then it is handed its arguments.
     *
     * @return whether the spare took them; when not, it is gone (it left or was cancelled).
     * @throws RuntimeException when the standby file could not be written; the spare is then destroyed.
     */
    boolean handOver(final LaunchConfig workerConfig, final Path poolDirectory, final int slot, final Path workerLog)
    {
        process.retarget(workerLog, slot, workerConfig.outputLevel());
        removeLogIfEmpty();
        final boolean handedOver;
        try
        {
            handedOver = standby.assign(workerConfig.argsFor(poolDirectory, slot));
        }
        catch (final RuntimeException ex)
        {
            standby.cancel();
            process.destroyForcibly();
            discard();
            throw ex;
        }
        discard(); // the spare reads its arguments from its own mapping, then removes the file
        return handedOver;
    }

    /**
     * Waits, up to {@code timeoutNs}, until each taken spare has read its standby file (it removes it then) or died:
     * one taken while still booting has not mapped it yet, and removing its directory would take its arguments away.
     */
    static void awaitLeftTheirFiles(final List<Spare> taken, final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        for (final Spare spare : taken)
        {
            while (!spare.leftItsFile() && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    boolean isWarm()
    {
        return StandbyFile.WARM == standby.state();
    }

    /** @return whether the spare is done with its standby file: it removed it once read, or it died. */
    boolean leftItsFile()
    {
        return !process.isAlive() || !Files.exists(standby.path());
    }

    /** Unmaps the standby file; the spare itself removes the file. */
    void discard()
    {
        standby.close();
    }

    /** Removes the spare's own log if nothing was written to it: a pool restarting often would pile them up. */
    private void removeLogIfEmpty()
    {
        try
        {
            if (Files.size(log) == 0)
            {
                Files.deleteIfExists(log);
            }
        }
        catch (final IOException ex)
        {
            // not there yet (its pump opens it on its own thread) or gone: nothing to remove
        }
    }

    /** Tells the spares to exit, destroys any that do not within a grace period, and waits for their output. */
    static void stop(final List<Spare> spares)
    {
        for (final Spare spare : spares)
        {
            spare.standby.cancel();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_GRACE_MS);
        for (final Spare spare : spares)
        {
            final Process process = spare.process.process();
            try
            {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            spare.process.awaitOutput();
            spare.standby.close();
        }
    }
}
