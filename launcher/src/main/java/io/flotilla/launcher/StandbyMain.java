package io.flotilla.launcher;

import io.flotilla.IdleMode;
import io.flotilla.protocol.ParentWatch;
import io.flotilla.protocol.WorkerChronicle;
import org.agrona.concurrent.IdleStrategy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.List;

/**
 * The main class of a spare worker JVM: {@code StandbyMain <standby-file> <worker-main-class> <parent-pid>}.
 * <p>
 * It warms up (Chronicle's first queue, the counters file, a ring) in a scratch directory next to its standby file,
 * says so in the file, and waits, backing off to parking, until the parent assigns it: then it runs the worker's main
 * class with the arguments from the file, as a worker started for that slot would have. It exits when the parent
 * cancels it or dies (checked as a worker checks, {@link ParentWatch}), so a spare never outlives its parent either.
 */
public final class StandbyMain
{
    /** Exit status when the arguments are wrong. */
    static final int USAGE = 2;

    private StandbyMain()
    {
    }

    public static void main(final String[] args) throws Throwable
    {
        if (args.length != 3)
        {
            System.err.println("usage: StandbyMain <standby-file> <worker-main-class> <parent-pid>");
            System.exit(USAGE);
        }
        final Path file = Path.of(args[0]);
        final MethodHandle workerMain = MethodHandles.publicLookup().findStatic(
            Class.forName(args[1]), "main", MethodType.methodType(void.class, String[].class));
        final ParentWatch parent = ParentWatch.of(Long.parseLong(args[2]));

        WorkerChronicle.prepare();
        final List<String> workerArgs;
        // mapped first: the mapping outlives the file, should the reserve be closed after this spare was taken
        try (StandbyFile standby = StandbyFile.open(file))
        {
            warmUp(file.resolveSibling(file.getFileName() + ".warm-up"));
            standby.warm();
            final IdleStrategy idle = io.flotilla.protocol.IdleStrategies.newIdleStrategy(IdleMode.BACKOFF);
            int state;
            while (StandbyFile.ASSIGNED != (state = standby.state()))
            {
                if (StandbyFile.CANCELLED == state || !parent.alive())
                {
                    System.exit(0);
                }
                idle.idle();
            }
            workerArgs = standby.args();
        }
        java.nio.file.Files.deleteIfExists(file);
        workerMain.invokeExact(workerArgs.toArray(new String[0]));
    }

    /** Warm-up only saves time: a failure (a full disk, a reserve closed meanwhile) must not cost the worker. */
    private static void warmUp(final Path scratch)
    {
        try
        {
            WorkerChronicle.warmUp(scratch);
        }
        catch (final RuntimeException ex)
        {
            System.err.println("spare worker warm-up failed, going on cold: " + ex);
        }
    }
}
