package io.flotilla.protocol;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The idle strategy's tiers on a clock the test moves: the short back-off while briefly idle, deep parks only after
 * deepAfterNs without work, and any work (or a reset) starting the count again.
 */
class TieredBackoffIdleStrategyTest
{
    private static final long DEEP_AFTER_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private long nowNs = 1_000_000_000L;

    private TieredBackoffIdleStrategy strategy()
    {
        // 1 spin, 1 yield, parks of 1 ns: the short tiers cost nothing in a test; a deep park is 1 ns too
        return new TieredBackoffIdleStrategy(1, 1, 1, 1, DEEP_AFTER_NS, 1, () -> nowNs);
    }

    @Test
    void briefIdlenessNeverParksDeep()
    {
        final TieredBackoffIdleStrategy idle = strategy();
        for (int i = 0; i < 1_000; i++)
        {
            idle.idle(0);
            nowNs += 50_000; // 1,000 x 50 us = 50 ms, half of deepAfter
        }
        assertEquals(0, idle.deepParks());
    }

    @Test
    void parksDeepOnceIdleForDeepAfterAndWorkStartsTheCountAgain()
    {
        final TieredBackoffIdleStrategy idle = strategy();
        idle.idle(0);
        nowNs += DEEP_AFTER_NS - 1;
        idle.idle(0);
        assertEquals(0, idle.deepParks(), "one nanosecond short of deepAfter");
        nowNs += 1;
        idle.idle(0);
        idle.idle(0);
        assertEquals(2, idle.deepParks(), "idle for deepAfter: every idle is a deep park");

        idle.idle(1);
        nowNs += DEEP_AFTER_NS / 2;
        idle.idle(0);
        assertEquals(2, idle.deepParks(), "work started the idle time again");
        nowNs += DEEP_AFTER_NS;
        idle.idle(0);
        assertEquals(3, idle.deepParks());

        idle.reset();
        idle.idle(0);
        assertEquals(3, idle.deepParks(), "a reset starts it again too");
    }
}
