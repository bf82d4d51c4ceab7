package io.flotilla;

import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.Futex;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.testkit.Await;
import io.flotilla.testkit.Functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Idle workers sleep on their bell in {@code counters.dat}, and the parent's ring wakes them: the workers here sleep
 * up to ten minutes at a time, so each answer below, and the close, come from a ring, never from a sleep running out.
 */
@Timeout(120)
class BellWakeTest
{
    @Test
    void aTaskWakesASleepingWorkerAndCloseWakesThemAll() throws Exception
    {
        assumeTrue(Futex.available(), Futex::unavailableReason);
        final Pool pool = Pool.builder().processes(2).workerJvmOption("-Dflotilla.idle.bellSleepMs=600000")
            .workerOutputLevel(System.Logger.Level.OFF).build();
        final List<ProcessHandle> workers = pool.probe().workers();
        try (CountersFile counters = CountersFile.open(
            pool.config().base().resolve(pool.config().poolId()).resolve(PoolDirectory.COUNTERS_FILE)))
        {
            for (int round = 0; round < 10; round++)
            {
                Await.until(() -> 1 == counters.bell(1).sleepers() && 1 == counters.bell(2).sleepers(),
                    Duration.ofSeconds(30), () -> "both workers asleep: sleepers=" + counters.bell(1).sleepers() +
                        "," + counters.bell(2).sleepers());
                final int round0 = round;
                assertEquals(round0 * round0, pool.submit(Functions.Square.class, round0).get(20, TimeUnit.SECONDS));
            }
        }
        finally
        {
            pool.close(); // the workers sleep ten minutes at a time: the close's ring is what ends them
        }
        for (final ProcessHandle worker : workers)
        {
            worker.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(worker.isAlive(), "worker left on close: pid=" + worker.pid());
        }
    }
}
