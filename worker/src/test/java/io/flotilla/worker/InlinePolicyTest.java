package io.flotilla.worker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inline decision on its own: earned by fast runs, bounded by the envelope's estimate, lost to stalls. */
class InlinePolicyTest
{
    private static final long MAX = 20_000;

    @Test
    void aFunctionRunsInlineAfterEightFastRunsAndOnlyForEnvelopesWithinTheBudget()
    {
        final InlinePolicy policy = new InlinePolicy(MAX);
        for (int i = 0; i < InlinePolicy.RUNS_TO_INLINE - 1; i++)
        {
            policy.record(3, 1, 1_000);
            assertFalse(policy.inline(3, 1), "not before eight runs: run=" + i);
        }
        policy.record(3, 1, 1_000);
        assertTrue(policy.inline(3, 1));
        assertTrue(policy.inline(3, 20), "20 items of 1 us fit 20 us");
        assertFalse(policy.inline(3, 21), "21 do not");
        assertFalse(policy.inline(4, 1), "another function has not earned it");
        assertFalse(policy.inline(1_000, 1), "an id never seen");
    }

    @Test
    void oneLongStallBansAtOnceAndShortOnesOnlyWhenTheyComeClose()
    {
        final InlinePolicy policy = warmed(1);
        policy.record(1, 1, 8_000_000); // 8 ms: a stall, but the first in its window
        assertTrue(policy.eligible(1));
        for (int i = 0; i < InlinePolicy.STALL_WINDOW + 1; i++)
        {
            policy.record(1, 1, 1_000);
        }
        policy.record(1, 1, 8_000_000); // far from the last: still no strike
        assertTrue(policy.eligible(1));
        for (int strike = 0; strike < InlinePolicy.STRIKES_TO_BAN; strike++)
        {
            policy.record(1, 1, 8_000_000); // close to the last: a strike each
        }
        assertFalse(policy.eligible(1), "three strikes");
        assertFalse(policy.inline(1, 1));
        for (int i = 0; i < InlinePolicy.PROBATION_RUNS; i++)
        {
            policy.record(1, 1, 1_000);
        }
        assertTrue(policy.inline(1, 1), "after its probation of fast runs it runs inline again");

        final InlinePolicy other = warmed(2);
        other.record(2, 1, 150_000_000); // 150 ms
        assertFalse(other.eligible(2), "one stall over 100 ms bans");
        for (int i = 0; i < 2 * InlinePolicy.PROBATION_RUNS; i++)
        {
            other.record(2, 1, 1_000);
        }
        assertFalse(other.inline(2, 1), "for good");
    }

    @Test
    void aRetriedTaskBansItsFunctionAndZeroTurnsItAllOff()
    {
        final InlinePolicy policy = warmed(5);
        policy.retried(5);
        assertFalse(policy.inline(5, 1));
        final InlinePolicy off = new InlinePolicy(0);
        for (int i = 0; i < 100; i++)
        {
            off.record(1, 1, 10);
        }
        assertFalse(off.inline(1, 1));
    }

    @Test
    void theEstimateFollowsRecentRuns()
    {
        final InlinePolicy policy = warmed(7);
        assertTrue(policy.inline(7, 10));
        for (int i = 0; i < 40; i++)
        {
            policy.record(7, 1, 15_000); // slower, but no stall
        }
        assertTrue(policy.inline(7, 1));
        assertFalse(policy.inline(7, 2), "two items of ~15 us exceed 20 us");
        assertEquals(true, policy.eligible(7));
    }

    private static InlinePolicy warmed(final int functionId)
    {
        final InlinePolicy policy = new InlinePolicy(MAX);
        for (int i = 0; i < 2 * InlinePolicy.RUNS_TO_INLINE; i++)
        {
            policy.record(functionId, 1, 1_000);
        }
        return policy;
    }
}
