package io.flotilla.protocol;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test support, run in a child JVM: sleeps once on a slot's bell of an existing {@code counters.dat}, for at most a
 * minute, and exits 0 if a ring woke it well before that, 1 if the sleep ran out.
 */
public final class BellSleeperMain
{
    private BellSleeperMain()
    {
    }

    public static void main(final String[] args)
    {
        try (CountersFile counters = CountersFile.open(Path.of(args[0])))
        {
            final SharedBell bell = counters.bell(Integer.parseInt(args[1]));
            final long startNs = System.nanoTime();
            final int key = bell.arm();
            bell.await(key, TimeUnit.MINUTES.toNanos(1), SharedBell.newTimespec());
            bell.disarm();
            final long sleptMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            System.out.println("slept ms=" + sleptMs);
            System.exit(sleptMs < TimeUnit.SECONDS.toMillis(40) ? 0 : 1);
        }
    }
}
