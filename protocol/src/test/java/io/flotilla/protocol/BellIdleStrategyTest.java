package io.flotilla.protocol;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bell strategy's phases under a clock moved by hand: spins, yields while hot, arms on the first idle past the hot
 * window (so the duty cycle looks once more), sleeps on the next; work disarms; a timeout without work sleeps again at
 * once. Sleeps are a minute long: a ring that did not reach the strategy fails the test by its timeout.
 */
@Timeout(60)
class BellIdleStrategyTest
{
    private static final long HOT_NS = TimeUnit.MICROSECONDS.toNanos(500);

    private final SharedBell bell = new SharedBell(new UnsafeBuffer(ByteBuffer.allocateDirect(64)), 0);
    private long now = 1_000;
    private final BellIdleStrategy idle =
        new BellIdleStrategy(bell, 3, HOT_NS, TimeUnit.MINUTES.toNanos(1), () -> now);

    @Test
    void spinsThenYieldsWhileHotThenArmsThenSleepsUntilRung()
    {
        for (int i = 0; i < 10; i++)
        {
            idle.idle(0);
            now += HOT_NS / 20;
        }
        assertEquals(0, bell.sleepers(), "still hot: no sleeper");
        now += HOT_NS;
        idle.idle(0);
        assertEquals(1, bell.sleepers(), "past the hot window: armed, and back to the duty cycle for a last look");
        assertEquals(0, idle.sleeps());
        bell.ring(); // work came during the last look's gap
        idle.idle(0); // would sleep a minute if the ring were lost
        assertEquals(1, idle.sleeps());
        assertEquals(0, bell.sleepers(), "awake again");
    }

    @Test
    void workDisarmsAndStartsTheHotWindowAgain()
    {
        idle.idle(0);
        now += 2 * HOT_NS;
        for (int i = 0; i < 3; i++) // two more spins, then the arming call
        {
            idle.idle(0);
        }
        assertEquals(1, bell.sleepers(), "armed once past the spins and the hot window");
        idle.idle(1);
        assertEquals(0, bell.sleepers(), "work disarmed it");
        for (int i = 0; i < 10; i++)
        {
            idle.idle(0);
        }
        assertEquals(0, bell.sleepers(), "hot again after work: the clock did not move");
        assertEquals(0, idle.sleeps());
    }

    @Test
    void aSleepWithoutWorkGoesBackToSleepWithoutAHotWindow()
    {
        final BellIdleStrategy shortSleeps = new BellIdleStrategy(bell, 0, HOT_NS, 1_000_000, () -> now);
        shortSleeps.idle(0);
        now += 2 * HOT_NS;
        shortSleeps.idle(0); // arms
        shortSleeps.idle(0); // sleeps 1 ms, nobody rings
        assertEquals(1, shortSleeps.sleeps());
        shortSleeps.idle(0);
        assertEquals(1, bell.sleepers(), "armed again at once: a timeout is not work");
        shortSleeps.reset();
        assertEquals(0, bell.sleepers());
    }

    @Test
    void aYieldThatGaveTheCoreAwayForLongSleepsAtOnce()
    {
        final long[] reads = {0, 10_000, 20_000, 20_000 + 2 * BellIdleStrategy.CONTENDED_YIELD_NS, 0};
        final int[] next = {0};
        reads[4] = reads[3] + 1_000; // still well inside the hot window
        final BellIdleStrategy contended = new BellIdleStrategy(
            bell, 0, 100 * BellIdleStrategy.CONTENDED_YIELD_NS, TimeUnit.MINUTES.toNanos(1),
            () -> reads[Math.min(next[0]++, reads.length - 1)]);
        contended.idle(0); // idle since 0, hot: yields, and the yield took long
        assertEquals(0, bell.sleepers());
        contended.idle(0);
        assertEquals(1, bell.sleepers(), "armed inside the hot window: other threads want the core");
        contended.reset();

        final long[] shortYields = {0, 10_000, 20_000, 21_000, 22_000, 23_000, 24_000};
        final int[] at = {0};
        final BellIdleStrategy quiet = new BellIdleStrategy(
            bell, 0, 100 * BellIdleStrategy.CONTENDED_YIELD_NS, TimeUnit.MINUTES.toNanos(1),
            () -> shortYields[Math.min(at[0]++, shortYields.length - 1)]);
        quiet.idle(0);
        quiet.idle(0);
        assertEquals(0, bell.sleepers(), "short yields: still hot");
    }
}
