package io.flotilla.cluster.internal;

import io.flotilla.cluster.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.flotilla.cluster.internal.RetryPolicy.Reason.NODE_LEFT;
import static io.flotilla.cluster.internal.RetryPolicy.Reason.NODE_UNREACHABLE;
import static io.flotilla.cluster.internal.RetryPolicy.Reason.REMOTE_FAILURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest
{
    private static final long SECOND = 1_000_000_000L;

    private final RetryPolicy policy = new RetryPolicy(2, Duration.ofSeconds(3), "test-cluster");

    @Test
    void aChunkWhoseNodeLeftIsSentAgainWhileItHasBeenSentAtMostMaxRetriesTimes()
    {
        assertTrue(policy.resends(NODE_LEFT, 1));
        assertTrue(policy.resends(NODE_LEFT, 2));
        assertFalse(policy.resends(NODE_LEFT, 3), "sent maxRetries=2 times again already");
    }

    @Test
    void aChunkWhoseNodeWasUnreachableIsSentAgainTheSameWay()
    {
        assertTrue(policy.resends(NODE_UNREACHABLE, 1));
        assertTrue(policy.resends(NODE_UNREACHABLE, 2));
        assertFalse(policy.resends(NODE_UNREACHABLE, 3));
    }

    @Test
    void aChunkThatFailedOnItsNodeIsNeverSentAgain()
    {
        assertFalse(policy.resends(REMOTE_FAILURE, 1));
        assertFalse(policy.resends(REMOTE_FAILURE, 0));
    }

    @Test
    void noRetriesMeansTheFirstLossFails()
    {
        final RetryPolicy none = new RetryPolicy(0, Duration.ofSeconds(3), "test-cluster");
        assertFalse(none.resends(NODE_LEFT, 1));
        assertFalse(none.resends(NODE_UNREACHABLE, 1));
    }

    @Test
    void theConfigurationBoundsTheRetries()
    {
        final RetryPolicy configured = RetryPolicy.of(ClusterConfig.builder().maxRetries(5).config());
        assertTrue(configured.resends(NODE_LEFT, 5));
        assertFalse(configured.resends(NODE_LEFT, 6));
    }

    @Test
    void onlyANodeOutOfTheClusterIsDropped()
    {
        assertTrue(policy.dropsNode(NODE_LEFT));
        assertFalse(policy.dropsNode(NODE_UNREACHABLE), "a dropped connection may heal");
        assertFalse(policy.dropsNode(REMOTE_FAILURE));
    }

    @Test
    void aLostChunkSaysHowOftenItWasSentAndWhere()
    {
        final String expected = "chunk lost: the node running it left, attempts=3, maxRetries=2, node=10.0.0.5:5701, " +
            "function=f.Square, items=64";
        assertEquals(expected, policy.failure(NODE_LEFT, 3, "10.0.0.5:5701", "f.Square", 64, "ignored"));
        assertEquals(expected, policy.failure(NODE_UNREACHABLE, 3, "10.0.0.5:5701", "f.Square", 64, "ignored"));
    }

    @Test
    void aRemoteFailureNamesTheNodeAndTheCause()
    {
        assertEquals("chunk failed on node=10.0.0.5:5701, function=f.Square, items=64: " +
            "java.lang.IllegalStateException: boom", policy.failure(REMOTE_FAILURE, 1, "10.0.0.5:5701", "f.Square", 64,
            "java.lang.IllegalStateException: boom"));
    }

    @Test
    void workWithNoNodeIsGivenUpAtTheJoinTimeoutOnTheInjectedClock()
    {
        final long since = 5 * SECOND;
        assertFalse(policy.givesUpWaiting(since, since));
        assertFalse(policy.givesUpWaiting(since, since + 3 * SECOND - 1));
        assertTrue(policy.givesUpWaiting(since, since + 3 * SECOND));
        assertTrue(policy.givesUpWaiting(since, since + 60 * SECOND));
    }

    @Test
    void theNoNodeTimeoutHoldsAcrossTheClocksWrap()
    {
        final long since = Long.MAX_VALUE - SECOND;
        assertFalse(policy.givesUpWaiting(since, since + 2 * SECOND), "nanoTime may wrap: only differences count");
        assertTrue(policy.givesUpWaiting(since, since + 4 * SECOND));
    }

    @Test
    void theNoNodeFailureNamesTheTimeoutAndTheCluster()
    {
        assertEquals("no node left in the cluster to run the task for joinTimeout=PT3S: clusterName=test-cluster",
            policy.noNodeFailure());
    }
}
