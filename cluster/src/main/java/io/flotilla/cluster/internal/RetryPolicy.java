package io.flotilla.cluster.internal;

import io.flotilla.cluster.ClusterConfig;

import java.time.Duration;

/**
 * When work that did not run is sent again and when it is given up, with the message its tasks fail with. Pure: no
 * Hazelcast, no threads and no clock of its own (the caller passes the time in), so every branch is tested alone.
 * <ul>
 *     <li>A chunk whose node is gone ({@link Reason#NODE_LEFT}: it left, was killed, or hung past the heartbeat
 *     timeout and was declared dead) or unreachable ({@link Reason#NODE_UNREACHABLE}) is sent again while it has been
 *     sent at most {@link ClusterConfig#maxRetries()} times.</li>
 *     <li>A chunk the node answered with a failure ({@link Reason#REMOTE_FAILURE}) is not sent again.</li>
 *     <li>Work that has waited with no node at all for {@link ClusterConfig#joinTimeout()} fails.</li>
 * </ul>
 */
final class RetryPolicy
{
    /** Why a chunk did not come back. */
    enum Reason
    {
        /** The member is out of the cluster: it left, was killed, or was silent past the heartbeat timeout. */
        NODE_LEFT,
        /** The connection to the member dropped; it may heal, and the member may still be in the cluster. */
        NODE_UNREACHABLE,
        /** The call reached the node and failed there, or could not be made at all. */
        REMOTE_FAILURE
    }

    private final int maxRetries;
    private final Duration joinTimeout;
    private final long joinTimeoutNs;
    private final String clusterName;

    RetryPolicy(final int maxRetries, final Duration joinTimeout, final String clusterName)
    {
        this.maxRetries = maxRetries;
        this.joinTimeout = joinTimeout;
        this.joinTimeoutNs = joinTimeout.toNanos();
        this.clusterName = clusterName;
    }

    static RetryPolicy of(final ClusterConfig config)
    {
        return new RetryPolicy(config.maxRetries(), config.joinTimeout(), config.clusterName());
    }

    /**
     * @param attempts times the chunk was sent, the one that failed included.
     * @return whether the chunk is sent again.
     */
    boolean resends(final Reason reason, final int attempts)
    {
        return Reason.REMOTE_FAILURE != reason && attempts <= maxRetries;
    }

    /** @return whether the node is out of the cluster, so no chunk may go to it again. */
    boolean dropsNode(final Reason reason)
    {
        return Reason.NODE_LEFT == reason;
    }

    /**
     * @param cause the remote failure, described; used for {@link Reason#REMOTE_FAILURE} only.
     * @return the message a chunk's tasks fail with when it is not sent again.
     */
    String failure(
        final Reason reason, final int attempts, final String node, final String function, final int items,
        final String cause)
    {
        if (Reason.REMOTE_FAILURE == reason)
        {
            return "chunk failed on node=" + node + ", function=" + function + ", items=" + items + ": " + cause;
        }
        return "chunk lost: the node running it left, attempts=" + attempts + ", maxRetries=" + maxRetries +
            ", node=" + node + ", function=" + function + ", items=" + items;
    }

    /**
     * @param sinceNs when work started to wait with no node in the cluster.
     * @return whether that work has waited too long at {@code nowNs} and fails.
     */
    boolean givesUpWaiting(final long sinceNs, final long nowNs)
    {
        return nowNs - sinceNs >= joinTimeoutNs;
    }

    /** @return the message work fails with when {@link #givesUpWaiting(long, long)}. */
    String noNodeFailure()
    {
        return "no node left in the cluster to run the task for joinTimeout=" + joinTimeout + ": clusterName=" +
            clusterName;
    }
}
