package io.flotilla.launcher;

import io.flotilla.protocol.PoolDirectory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker JVMs started before a pool needs them: each boots, warms up Chronicle and waits ({@link StandbyMain}) until
 * a {@link WorkerLauncher} hands it a slot, which it then takes in milliseconds instead of a JVM start. Taken spares
 * are replaced in the background once the pool that took them is ready, so the next pool, or the next restart of a
 * dead or retired worker, finds spares again.
 * <p>
 * Spares live in a directory of their own under the pool base (standby files and their output until assigned), which
 * is removed on {@link #close()}; spares still waiting are told to exit then, and are destroyed if they do not.
 * This class decides how many spares run and which is taken; one spare's start, hand-over and stop are
 * {@link Spare}'s.
 * <p>
 * Thread-safe: pools and their supervisors take spares from any thread.
 */
public final class SpareWorkers implements AutoCloseable
{
    private static final System.Logger LOGGER = System.getLogger(SpareWorkers.class.getName());
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Most spares one set keeps. */
    public static final int MAX_COUNT = 256;

    private final LaunchConfig config;
    private final int count;
    private final PoolDirectory directory;
    private final ArrayDeque<Spare> waiting = new ArrayDeque<>();
    /** Taken spares that may not have read their standby file yet (they remove it once they have). */
    private final List<Spare> taken = new ArrayList<>();
    private final ExecutorService refiller;
    private long started;
    private int starting;
    private boolean closed;

    private SpareWorkers(final LaunchConfig config, final int count, final PoolDirectory directory)
    {
        this.config = config;
        this.count = count;
        this.directory = directory;
        this.refiller = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("flotilla-spares-" + directory.path().getFileName()).unstarted(r));
    }

    /**
     * Starts {@code count} spare JVMs for workers of {@code config} and returns without waiting for them.
     *
     * @param base the directory that holds pool directories; the spares' own directory is made there.
     */
    public static SpareWorkers start(final LaunchConfig config, final int count, final Path base)
    {
        final SpareWorkers spares = startLater(config, count, base);
        try
        {
            spares.fill();
        }
        catch (final RuntimeException ex)
        {
            spares.close();
            throw ex;
        }
        return spares;
    }

    /**
     * Makes the spares' directory but starts no JVM until {@link #refillLater()}: for a pool that keeps spares for
     * its own restarts, whose launcher asks for them once its workers are ready, so they do not slow its start.
     */
    public static SpareWorkers startLater(final LaunchConfig config, final int count, final Path base)
    {
        if (count < 1 || count > MAX_COUNT)
        {
            throw new IllegalArgumentException(
                "spare worker count out of range: count=" + count + ", range=1.." + MAX_COUNT);
        }
        final PoolDirectory directory = PoolDirectory.create(
            base, "spares-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet(), 1, false);
        return new SpareWorkers(config, count, directory);
    }

    /** @return the configuration the spares were started for. */
    public LaunchConfig config()
    {
        return config;
    }

    /** @return how many spares this keeps. */
    public int count()
    {
        return count;
    }

    /** @return the directory of the spares' standby files. */
    public Path directory()
    {
        return directory.path();
    }

    /**
     * @return whether these spares can become workers of {@code workerConfig}: the same JVM (binary, class path,
     * options, AOT cache) and main class.
     */
    public boolean fits(final LaunchConfig workerConfig)
    {
        return config.sameJvmAs(workerConfig);
    }

    /** @return spares alive and not yet taken; started but still warming up ones included. */
    public synchronized int available()
    {
        pruneDead();
        return waiting.size();
    }

    /** @return spares alive and warm, ready to become workers in milliseconds. */
    public synchronized int warm()
    {
        int warm = 0;
        for (final Spare spare : waiting)
        {
            if (spare.isAlive() && spare.isWarm())
            {
                warm++;
            }
        }
        return warm;
    }

    /**
     * Takes a spare for a worker of {@code workerConfig}, sends its output to the worker's log from now on, and hands
     * it its slot; a warm spare when there is one.
     *
     * @return the spare's process, now the worker, or null when none is left or its JVM would not fit.
     */
    synchronized WorkerProcess take(
        final LaunchConfig workerConfig, final Path poolDirectory, final int slot, final Path workerLog)
    {
        if (closed || !config.sameJvmAs(workerConfig))
        {
            return null;
        }
        pruneDead();
        final Spare chosen = Spare.choose(waiting);
        if (null == chosen)
        {
            return null;
        }
        waiting.remove(chosen);
        final boolean handedOver = chosen.handOver(workerConfig, poolDirectory, slot, workerLog);
        taken.removeIf(Spare::leftItsFile);
        if (handedOver)
        {
            taken.add(chosen);
        }
        return handedOver ? chosen.process : null;
    }

    /** Starts spares in the background until there are {@link #count()} again. */
    public void refillLater()
    {
        try
        {
            refiller.execute(() ->
            {
                try
                {
                    fill();
                }
                catch (final RuntimeException ex)
                {
                    LOGGER.log(System.Logger.Level.WARNING, "cannot start spare worker: " + ex.getMessage());
                }
            });
        }
        catch (final java.util.concurrent.RejectedExecutionException ex)
        {
            // closed meanwhile: no refill wanted
        }
    }

    private void fill()
    {
        while (true)
        {
            final long n;
            synchronized (this)
            {
                pruneDead();
                if (closed || waiting.size() + starting >= count)
                {
                    return;
                }
                starting++;
                n = ++started;
            }
            // a JVM start takes milliseconds: not under the lock that pools and supervisors take spares under
            Spare spare = null;
            try
            {
                spare = Spare.start(config, directory.path(), n);
            }
            finally
            {
                synchronized (this)
                {
                    starting--;
                    if (null != spare && !closed)
                    {
                        waiting.addLast(spare);
                        spare = null;
                    }
                }
                if (null != spare)
                {
                    Spare.stop(List.of(spare)); // closed meanwhile
                }
            }
        }
    }

    /** Drops waiting spares whose JVM has ended; under this object's lock. */
    private void pruneDead()
    {
        waiting.removeIf(spare ->
        {
            final boolean dead = !spare.isAlive();
            if (dead)
            {
                spare.discard();
            }
            return dead;
        });
    }

    /**
     * Tells waiting spares to exit, destroys any that do not within a grace period, and removes the spares'
     * directory. Spares already taken belong to their pools and are left alone.
     * <p>
     * Close the pools that took spares first or after, either way: a taken spare no longer uses this directory.
     */
    @Override
    public void close()
    {
        final List<Spare> leaving;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            leaving = new ArrayList<>(waiting);
            waiting.clear();
        }
        refiller.shutdownNow();
        awaitTermination();
        Spare.stop(leaving);
        awaitTakenSparesReadTheirFiles();
        try
        {
            directory.close();
        }
        catch (final RuntimeException ex)
        {
            // a spare taken while still warming up may write its scratch queue here until it is assigned
            LOGGER.log(System.Logger.Level.WARNING, "spares' directory not fully removed: path=" + directory.path() +
                ", problem=" + ex.getMessage());
        }
    }

    /**
     * A spare taken while it was still booting has not mapped its standby file yet: removing the directory now would
     * take its arguments away. Each removes its file once it has read it (after its warm-up), or dies.
     */
    private void awaitTakenSparesReadTheirFiles()
    {
        final List<Spare> pending;
        synchronized (this)
        {
            pending = new ArrayList<>(taken);
            taken.clear();
        }
        Spare.awaitLeftTheirFiles(pending, TimeUnit.SECONDS.toNanos(30));
    }

    private void awaitTermination()
    {
        try
        {
            if (!refiller.awaitTermination(30, TimeUnit.SECONDS))
            {
                LOGGER.log(System.Logger.Level.WARNING, "spare refill still running at close: " + directory.path());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
