package io.flotilla.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.flotilla.Pool;
import io.flotilla.cluster.internal.Addresses;
import io.flotilla.cluster.internal.HazelcastSetup;
import io.flotilla.cluster.internal.NodeRunner;
import io.flotilla.internal.LocalPool;

/**
 * One machine of a cluster: a Hazelcast member plus a local pool of worker JVMs. Chunks sent by a {@link ClusterPool}
 * run on the local pool through shared memory. A node is meant to stay up between jobs; {@code flotilla node} starts
 * one from the command line.
 */
public final class FlotillaNode implements AutoCloseable
{
    private final ClusterConfig config;
    private final LocalPool pool;
    private final HazelcastInstance member;
    private final String address;

    private FlotillaNode(final ClusterConfig config, final LocalPool pool, final HazelcastInstance member)
    {
        this.config = config;
        this.pool = pool;
        this.member = member;
        this.address = Addresses.of(member.getCluster().getLocalMember());
    }

    /**
     * Starts the local pool (waiting for its workers), then the member, which joins the cluster.
     *
     * @throws IllegalStateException when the member cannot start; the local pool is closed again.
     */
    public static FlotillaNode start(final ClusterConfig config)
    {
        final LocalPool pool = LocalPool.start(config.localPool());
        try
        {
            final NodeRunner runner = new NodeRunner(pool);
            final HazelcastInstance member = Hazelcast.newHazelcastInstance(
                HazelcastSetup.memberConfig(config, runner));
            final FlotillaNode node = new FlotillaNode(config, pool, member);
            runner.address(node.address);
            return node;
        }
        catch (final RuntimeException ex)
        {
            pool.terminate();
            throw new IllegalStateException("node could not join the cluster: clusterName=" + config.clusterName() +
                ", bindAddress=" + config.bindAddress() + ", port=" + config.port() + ", cause=" + ex, ex);
        }
    }

    /** @return host:port the member listens on. */
    public String address()
    {
        return address;
    }

    /** @return the pool of this machine's workers. */
    public Pool localPool()
    {
        return pool;
    }

    public ClusterConfig config()
    {
        return config;
    }

    /** @return members in the cluster as this node sees it, cluster pools included. */
    public int clusterSize()
    {
        return member.getCluster().getMembers().size();
    }

    /** Leaves the cluster (chunks running here are sent elsewhere by their pools), then closes the local pool. */
    @Override
    public void close()
    {
        try
        {
            member.shutdown();
        }
        finally
        {
            pool.close();
        }
    }

    @Override
    public String toString()
    {
        return "FlotillaNode{address=" + address + ", clusterName=" + config.clusterName() + "}";
    }
}
