package io.flotilla.launcher;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restart policy on its own: every decision from a slot's history and a time the test chooses.
 */
class RestartPolicyTest
{
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long WINDOW_NS = TimeUnit.MINUTES.toNanos(1);

    private long nowNs = 1_000 * SECOND_NS;

    @Test
    void aWorkerThatDiedAfterItWasReadyIsRestartedNow()
    {
        final RestartPolicy policy = new RestartPolicy(3, 20, WINDOW_NS, 0);
        final SlotHistory history = readySlot();

        assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.DIED_AFTER_READY, nowNs));
        assertEquals(0, history.consecutiveFailedStarts());
        assertEquals(1, policy.restartsInWindow(nowNs));
    }

    @Test
    void failedStartsInARowUseUpTheBudget()
    {
        final RestartPolicy policy = new RestartPolicy(3, 20, WINDOW_NS, 0);
        final SlotHistory history = readySlot();
        policy.onDeath(1, history, RestartPolicy.Ending.DIED_AFTER_READY, nowNs);

        for (int failure = 1; failure < 3; failure++)
        {
            history.started(tick());
            assertEquals(RestartDecision.NOW,
                policy.onDeath(1, history, RestartPolicy.Ending.EXITED_BEFORE_READY, tick()), "failure=" + failure);
            assertEquals(failure, history.consecutiveFailedStarts());
        }
        history.started(tick());
        final RestartDecision decision = policy.onDeath(4, history, RestartPolicy.Ending.EXITED_BEFORE_READY, tick());

        assertTrue(decision.isGiveUp());
        assertEquals("worker died before it was ready 3 times in a row: slot=4, maxStartFailures=3", decision.reason());
    }

    @Test
    void aWorkerThatGetsReadyResetsTheFailedStarts()
    {
        final RestartPolicy policy = new RestartPolicy(2, 20, WINDOW_NS, 0);
        final SlotHistory history = readySlot();
        history.started(tick());
        assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.EXITED_BEFORE_READY, tick()));
        assertEquals(1, history.consecutiveFailedStarts());

        history.started(tick());
        history.ready();
        assertEquals(0, history.consecutiveFailedStarts());
        history.started(tick());

        assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.EXITED_BEFORE_READY, tick()),
            "one failure since the last ready start, of maxStartFailures=2");
    }

    @Test
    void retiredWorkersAreRestartedWithoutCountingAnywhere()
    {
        final RestartPolicy policy = new RestartPolicy(1, 1, WINDOW_NS, SECOND_NS);
        final SlotHistory history = readySlot();

        for (int i = 0; i < 100; i++)
        {
            assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.RETIRED, tick()));
            history.started(nowNs);
            history.ready();
        }
        assertEquals(0, history.consecutiveFailedStarts());
        assertEquals(0, policy.restartsInWindow(nowNs));
        assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.DIED_AFTER_READY, tick()),
            "the one restart allowed per window is still there");
    }

    @Test
    void hungWorkersCountAgainstTheRateButNotAsFailedStarts()
    {
        final RestartPolicy policy = new RestartPolicy(1, 2, WINDOW_NS, 0);
        final SlotHistory history = readySlot();

        assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.HUNG, tick()));
        history.started(nowNs);
        history.ready();
        assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.HUNG, tick()));
        assertEquals(0, history.consecutiveFailedStarts(), "maxStartFailures=1 would have given up");
        history.started(nowNs);
        history.ready();

        final RestartDecision decision = policy.onDeath(1, history, RestartPolicy.Ending.HUNG, tick());
        assertTrue(decision.isGiveUp());
        assertEquals("too many worker restarts: restarts=2 within PT1M, maxRestartsPerWindow=2", decision.reason());
    }

    @Test
    void theRateCountsRestartsAcrossSlotsWithinTheWindowOnly()
    {
        final RestartPolicy policy = new RestartPolicy(3, 2, WINDOW_NS, 0);
        final SlotHistory one = readySlot();
        final SlotHistory two = readySlot();

        assertEquals(RestartDecision.NOW, policy.onDeath(1, one, RestartPolicy.Ending.DIED_AFTER_READY, nowNs));
        nowNs += 30 * SECOND_NS;
        assertEquals(RestartDecision.NOW, policy.onDeath(2, two, RestartPolicy.Ending.DIED_AFTER_READY, nowNs));
        nowNs += 10 * SECOND_NS;
        assertTrue(policy.onDeath(1, one, RestartPolicy.Ending.DIED_AFTER_READY, nowNs).isGiveUp(),
            "two restarts within the last minute");

        nowNs += 21 * SECOND_NS;
        assertEquals(1, policy.restartsInWindow(nowNs), "the first restart left the window");
        assertEquals(RestartDecision.NOW, policy.onDeath(1, one, RestartPolicy.Ending.DIED_AFTER_READY, nowNs));
    }

    @Test
    void noRestartsAllowedGivesUpAtTheFirstDeath()
    {
        final RestartPolicy policy = new RestartPolicy(3, 0, WINDOW_NS, 0);

        assertTrue(policy.onDeath(1, readySlot(), RestartPolicy.Ending.DIED_AFTER_READY, nowNs).isGiveUp());
        assertEquals(RestartDecision.NOW, policy.onDeath(1, readySlot(), RestartPolicy.Ending.RETIRED, nowNs));
    }

    @Test
    void aFailedStartWaitsForTheBackoffFromTheLastStart()
    {
        final RestartPolicy policy = new RestartPolicy(5, 20, WINDOW_NS, 2 * SECOND_NS);
        final SlotHistory history = readySlot();
        final long startedNs = tick();
        history.started(startedNs);

        final RestartDecision decision = policy.onDeath(
            1, history, RestartPolicy.Ending.EXITED_BEFORE_READY, startedNs + SECOND_NS / 2);

        assertEquals(RestartDecision.Action.RESTART_LATER, decision.action());
        assertEquals(3 * SECOND_NS / 2, decision.delayNs());
        history.started(startedNs + 10 * SECOND_NS);
        assertEquals(RestartDecision.NOW,
            policy.onDeath(1, history, RestartPolicy.Ending.EXITED_BEFORE_READY, startedNs + 13 * SECOND_NS),
            "the back-off passed since the last start");
    }

    @Test
    void aDeathAfterReadyDoesNotWaitForTheBackoff()
    {
        final RestartPolicy policy = new RestartPolicy(5, 20, WINDOW_NS, 2 * SECOND_NS);
        final SlotHistory history = readySlot();

        assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.DIED_AFTER_READY, nowNs));
        assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.HUNG, nowNs));
    }

    @Test
    void whileThePoolStartsOnlyTheStartBudgetHolds()
    {
        final RestartPolicy policy = new RestartPolicy(3, 0, WINDOW_NS, 0);
        final SlotHistory history = new SlotHistory();
        history.started(tick());

        assertEquals(RestartDecision.NOW, policy.onStartFailure(history, tick()), "maxRestartsPerWindow=0 ignored");
        history.started(tick());
        assertEquals(RestartDecision.NOW, policy.onStartFailure(history, tick()));
        history.started(tick());
        final RestartDecision decision = policy.onStartFailure(history, tick());

        assertTrue(decision.isGiveUp());
        assertEquals("worker exited before it was ready 3 times in a row (maxStartFailures=3)", decision.reason());
        assertEquals(3, history.starts());
    }

    @Test
    void startFailuresBackOffWhileThePoolStarts()
    {
        final RestartPolicy policy = new RestartPolicy(3, 20, WINDOW_NS, SECOND_NS);
        final SlotHistory history = new SlotHistory();
        history.started(nowNs);

        final RestartDecision decision = policy.onStartFailure(history, nowNs + SECOND_NS / 4);

        assertEquals(new RestartDecision(RestartDecision.Action.RESTART_LATER, 3 * SECOND_NS / 4, null), decision);
    }

    @Test
    void rejectsLimitsOutOfRange()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> new RestartPolicy(0, 20, WINDOW_NS, 0));
        assertTrue(ex.getMessage().contains("maxStartFailures=0"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RestartPolicy(1, -1, WINDOW_NS, 0));
        assertThrows(IllegalArgumentException.class, () -> new RestartPolicy(1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RestartPolicy(1, 1, WINDOW_NS, -1));
        assertThrows(IllegalArgumentException.class, () -> RestartDecision.after(0));
    }

    @Test
    void takesItsLimitsFromTheLaunchConfig()
    {
        final RestartPolicy policy = RestartPolicy.of(
            LaunchConfig.builder("Main").maxStartFailures(1).maxRestartsPerWindow(1).build());
        final SlotHistory history = readySlot();

        assertEquals(RestartDecision.NOW, policy.onDeath(1, history, RestartPolicy.Ending.DIED_AFTER_READY, nowNs));
        nowNs += WINDOW_NS;
        assertTrue(policy.onDeath(1, history, RestartPolicy.Ending.DIED_AFTER_READY, nowNs).isGiveUp(),
            "a restart exactly one window ago still counts");
        history.started(nowNs);
        assertTrue(policy.onDeath(1, history, RestartPolicy.Ending.EXITED_BEFORE_READY, nowNs + 1).isGiveUp());
    }

    private SlotHistory readySlot()
    {
        final SlotHistory history = new SlotHistory();
        history.started(nowNs);
        history.ready();
        return history;
    }

    private long tick()
    {
        nowNs += 10_000_000L;
        return nowNs;
    }
}
