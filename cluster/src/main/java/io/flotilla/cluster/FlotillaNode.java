package io.flotilla.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.flotilla.Pool;
import io.flotilla.cluster.internal.Addresses;
import io.flotilla.cluster.internal.HazelcastSetup;
import io.flotilla.cluster.internal.NodeRunner;
import io.flotilla.core.LocalPool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
     * Starts the local pool and the member (which joins the cluster) side by side, and returns when both are up.
     *
     * @throws IllegalStateException when either cannot start; the other is stopped again.
     */
    public static FlotillaNode start(final ClusterConfig config)
    {
        // the worker JVMs and the Hazelcast member start side by side; a chunk that arrives first waits for the pool
        final CompletableFuture<LocalPool> starting = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("flotilla-node-pool-start").start(() ->
        {
            try
            {
                starting.complete(LocalPool.start(config.localPool()));
            }
            catch (final Throwable ex)
            {
                starting.completeExceptionally(ex);
            }
        });
        HazelcastInstance member = null;
        try
        {
            final NodeRunner runner = new NodeRunner(starting, config.localPool());
            member = Hazelcast.newHazelcastInstance(HazelcastSetup.memberConfig(config, runner));
            final LocalPool pool = starting.join();
            final FlotillaNode node = new FlotillaNode(config, pool, member);
            runner.address(node.address);
            return node;
        }
        catch (final RuntimeException ex)
        {
            if (null != member)
            {
                member.shutdown();
            }
            starting.thenAccept(LocalPool::terminate);
            final Throwable cause = ex instanceof CompletionException && null != ex.getCause() ? ex.getCause() : ex;
            throw new IllegalStateException("node could not start: clusterName=" + config.clusterName() +
                ", bindAddress=" + config.bindAddress() + ", port=" + config.port() + ", cause=" + cause, cause);
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
