package io.flotilla.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Copies a worker's merged stdout/stderr, line by line, into its log file and into the parent's
 * {@link System.Logger} (logger {@value #LOGGER_NAME}, at the level the user chose). Runs on a platform thread (a
 * blocking pipe read must not hold a virtual-thread carrier) and ends at end of stream, so all a dying worker wrote is kept: {@link #awaitEnd} waits for that.
 */
final class OutputPump implements Runnable
{
    /** Logger that receives worker output. */
    static final String LOGGER_NAME = "io.flotilla.worker";
    /** Lines of a failed worker's output quoted in errors. */
    static final int LINES_IN_ERROR = 20;
    /** Name prefix of the pump threads. */
    static final String THREAD_PREFIX = "flotilla-output-";

    private static final System.Logger LOGGER = System.getLogger(LOGGER_NAME);

    /** Where lines go: one immutable object, so a line never mixes an old and a new target. */
    private record Target(Path logFile, String prefix, System.Logger.Level level)
    {
    }

    private final InputStream in;
    private volatile Target target;
    private final CountDownLatch ended = new CountDownLatch(1);

    private OutputPump(final InputStream in, final Path logFile, final String prefix, final System.Logger.Level level)
    {
        this.in = in;
        this.target = new Target(logFile, prefix, level);
    }

    /**
     * Starts pumping a process's output.
     *
     * @param level level of the forwarded lines; {@link System.Logger.Level#OFF} keeps them in the file only.
     */
    static OutputPump start(final Process process, final Path logFile, final int slot, final System.Logger.Level level)
    {
        return start(process, logFile, "worker-" + slot, level);
    }

    /**
     * Starts pumping a process's output; lines are forwarded as {@code <name> pid=<pid>: <line>}.
     */
    static OutputPump start(final Process process, final Path logFile, final String name, final System.Logger.Level level)
    {
        final OutputPump pump = new OutputPump(process.getInputStream(), logFile, prefix(name, process), level);
        // a platform thread: a read on a pipe blocks in native code, and on a virtual thread it would hold one of the
        // scheduler's carriers the whole time; two workers' pumps held both carriers of a 2-core machine and starved
        // every virtual thread of the parent (10,000 sleeping tasks never ran)
        Thread.ofPlatform().daemon().stackSize(256 * 1024).name(THREAD_PREFIX + name + "-" + process.pid()).start(pump);
        return pump;
    }

    /**
     * Sends the lines from now on to another log file, under another name: a spare JVM that became a pool's worker.
     */
    void retarget(final Process process, final Path logFile, final int slot, final System.Logger.Level level)
    {
        try
        {
            // the worker's log exists from its start, as for a worker started as a new JVM
            Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create worker log: path=" + logFile, ex);
        }
        this.target = new Target(logFile, prefix("worker-" + slot, process), level);
    }

    private static String prefix(final String name, final Process process)
    {
        return name + " pid=" + process.pid() + ": ";
    }

    @Override
    public void run()
    {
        Path openFile = target.logFile();
        OutputStream out = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
        {
            out = Files.newOutputStream(openFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            String line;
            while (null != (line = reader.readLine()))
            {
                final Target current = target;
                if (!current.logFile().equals(openFile))
                {
                    closeQuietly(out);
                    out = Files.newOutputStream(current.logFile(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    openFile = current.logFile();
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (System.Logger.Level.OFF != current.level() && LOGGER.isLoggable(current.level()))
                {
                    LOGGER.log(current.level(), current.prefix() + line);
                }
            }
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, target.prefix() + "output lost: " + ex);
        }
        finally
        {
            closeQuietly(out);
            ended.countDown();
        }
    }

    private void closeQuietly(final OutputStream out)
    {
        if (null != out)
        {
            try
            {
                out.close();
            }
            catch (final IOException ex)
            {
                LOGGER.log(System.Logger.Level.WARNING, target.prefix() + "cannot close log file: " + ex);
            }
        }
    }

    /**
     * @return whether the output reached its end within the timeout (it does once the process and any child holding
     * its stdout have exited).
     */
    boolean awaitEnd(final long timeout, final TimeUnit unit)
    {
        try
        {
            return ended.await(timeout, unit);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the last lines of a log file, decoded leniently (a dying JVM may leave half a character). */
    static String tail(final Path log, final int lines)
    {
        try
        {
            if (!Files.exists(log))
            {
                return "(no output)";
            }
            final java.util.List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return all.isEmpty() ? "(no output)" : String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read worker log: path=" + log, ex);
        }
    }
}
