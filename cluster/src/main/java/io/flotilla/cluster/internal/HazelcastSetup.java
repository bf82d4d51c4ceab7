package io.flotilla.cluster.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.flotilla.cluster.ClusterConfig;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Hazelcast configuration of every Flotilla member, node or cluster pool: bound to the configured address only,
 * joining by TCP/IP with the explicit member list (multicast and cloud discovery off), no phone-home, a heartbeat
 * timeout from {@link ClusterConfig} instead of 60 s, and logging to {@code java.util.logging} (the JDK's
 * {@code System.Logger} backend) at WARNING unless the user set a level for {@code com.hazelcast}.
 */
public final class HazelcastSetup
{
    static
    {
        io.flotilla.protocol.NoPhoneHome.ensure();
    }

    /** The executor that carries chunks. */
    public static final String EXECUTOR = "flotilla-chunks";
    /** Member attribute a node sets; a cluster pool sends chunks only to members with it. */
    public static final String NODE_ATTRIBUTE = "flotilla.node";

    /** JUL holds loggers weakly: keep the configured one reachable or its level is lost. */
    private static final Logger HAZELCAST_LOGGER = quietHazelcast();

    private HazelcastSetup()
    {
    }

    /**
     * @param node the node's runner, or null for a cluster pool (which joins as a lite member: it holds no data and
     *             runs no chunks).
     */
    public static Config memberConfig(final ClusterConfig cluster, final NodeRunner node)
    {
        HAZELCAST_LOGGER.getLevel(); // the class initialiser configured it
        final Config config = new Config();
        config.setClusterName(cluster.clusterName());
        config.setLiteMember(null == node);
        config.setClassLoader(HazelcastSetup.class.getClassLoader());
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        final long heartbeatSeconds = Math.max(2, (cluster.heartbeatTimeout().toMillis() + 999) / 1000);
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(heartbeatSeconds));
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        // form the cluster in about a second, not the default ~10 s, and merge clusters formed apart soon
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "2");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.tcp.join.port.try.count", Integer.toString(Math.min(cluster.portCount(), 10)));

        final NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(cluster.portCount());
        network.getInterfaces().setEnabled(true).addInterface(cluster.bindAddress());
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(expandPortRanges(cluster.members()))
            .setConnectionTimeoutSeconds(1);

        config.getSerializationConfig().addDataSerializableFactory(
            ClusterSerialization.FACTORY_ID, new ClusterSerialization());
        config.getExecutorConfig(EXECUTOR).setPoolSize(64).setQueueCapacity(0).setStatisticsEnabled(false);
        if (null != node)
        {
            config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, "1");
            config.getUserContext().put(NodeRunner.USER_CONTEXT_KEY, node);
        }
        return config;
    }

    /** Hazelcast takes "host" and "host:port" but no port range: "host:5701-5703" becomes three members. */
    static java.util.List<String> expandPortRanges(final java.util.List<String> members)
    {
        final java.util.List<String> expanded = new java.util.ArrayList<>();
        for (final String member : members)
        {
            final int colon = member.lastIndexOf(':');
            final int dash = member.indexOf('-', colon + 1);
            if (colon < 0 || dash < 0)
            {
                expanded.add(member);
                continue;
            }
            final String host = member.substring(0, colon);
            final int first = Integer.parseInt(member.substring(colon + 1, dash));
            final int last = Integer.parseInt(member.substring(dash + 1));
            for (int port = first; port <= last; port++)
            {
                expanded.add(host + ":" + port);
            }
        }
        return expanded;
    }

    private static Logger quietHazelcast()
    {
        final Logger logger = Logger.getLogger("com.hazelcast");
        if (null == logger.getLevel())
        {
            logger.setLevel(Level.WARNING);
        }
        return logger;
    }
}
