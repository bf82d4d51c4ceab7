package io.flotilla.cluster;

import io.flotilla.Pool;
import io.flotilla.PoolConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one validated configuration of a cluster: how members find each other and bind, how quickly a silent member is
 * declared dead, and how chunks are sized and re-sent. The same object configures a {@link FlotillaNode} (which also
 * uses {@link #localPool()} for its own worker JVMs) and a {@link ClusterPool}.
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.builder()
 *     .bindAddress("10.0.0.5")
 *     .member("10.0.0.5:5701").member("10.0.0.6:5701")
 *     .config();
 * }</pre>
 */
public final class ClusterConfig
{
    /** Default first port a member tries. */
    public static final int DEFAULT_PORT = 5701;

    /** The widest port range one member entry may name; each port is a join attempt. */
    public static final int MAX_PORT_RANGE = 100;

    private static final Pattern IPV4 = Pattern.compile(
        "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern MEMBER = Pattern.compile("([^:\\s]+)(:(\\d{1,5})(-(\\d{1,5}))?)?");

    private final String clusterName;
    private final String bindAddress;
    private final int port;
    private final int portCount;
    private final List<String> members;
    private final Duration heartbeatTimeout;
    private final int maxRetries;
    private final Duration targetChunkTime;
    private final int chunksPerNode;
    private final int maxChunkItems;
    private final int minNodes;
    private final Duration joinTimeout;
    private final PoolConfig localPool;

    private ClusterConfig(final Builder builder, final PoolConfig localPool)
    {
        this.clusterName = builder.clusterName;
        this.bindAddress = builder.bindAddress;
        this.port = builder.port;
        this.portCount = builder.portCount;
        this.members = List.copyOf(builder.members.isEmpty() ? List.of(builder.bindAddress) : builder.members);
        this.heartbeatTimeout = builder.heartbeatTimeout;
        this.maxRetries = builder.maxRetries;
        this.targetChunkTime = builder.targetChunkTime;
        this.chunksPerNode = builder.chunksPerNode;
        this.maxChunkItems = builder.maxChunkItems;
        this.minNodes = builder.minNodes;
        this.joinTimeout = builder.joinTimeout;
        this.localPool = localPool;
    }

    /** @return a builder with the defaults: cluster "flotilla" on 127.0.0.1, port 5701 and up. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Members with another name never join this cluster. */
    public String clusterName()
    {
        return clusterName;
    }

    /** The one IPv4 address members listen on and connect from; nothing binds to any other. */
    public String bindAddress()
    {
        return bindAddress;
    }

    /** The first port a member tries; it takes the next free one of {@link #portCount()}. */
    public int port()
    {
        return port;
    }

    public int portCount()
    {
        return portCount;
    }

    /** Where members look for each other: "host", "host:port" or "host:port-port". */
    public List<String> members()
    {
        return members;
    }

    /** A member silent this long is declared dead and its chunks are sent elsewhere (Hazelcast's default is 60 s). */
    public Duration heartbeatTimeout()
    {
        return heartbeatTimeout;
    }

    /** How many times a chunk is sent again after the node running it left; then its tasks fail. */
    public int maxRetries()
    {
        return maxRetries;
    }

    /** Automatic chunks are sized so that a node spends about this long on each. */
    public Duration targetChunkTime()
    {
        return targetChunkTime;
    }

    /** Chunks in flight to one node at a time. */
    public int chunksPerNode()
    {
        return chunksPerNode;
    }

    /** The most items an automatic chunk carries. */
    public int maxChunkItems()
    {
        return maxChunkItems;
    }

    /** A cluster pool waits, at most {@link #joinTimeout()}, for this many nodes before it takes work. */
    public int minNodes()
    {
        return minNodes;
    }

    /** How long joining may take; also how long work waits when no node is left before it fails. */
    public Duration joinTimeout()
    {
        return joinTimeout;
    }

    /** The pool a node runs on its own machine; a cluster pool also takes its task timeout from it. */
    public PoolConfig localPool()
    {
        return localPool;
    }

    @Override
    public String toString()
    {
        return "ClusterConfig{clusterName=" + clusterName + ", bindAddress=" + bindAddress + ", port=" + port +
            ", portCount=" + portCount + ", members=" + members + ", heartbeatTimeout=" + heartbeatTimeout +
            ", maxRetries=" + maxRetries + ", targetChunkTime=" + targetChunkTime + ", chunksPerNode=" +
            chunksPerNode + ", maxChunkItems=" + maxChunkItems + ", minNodes=" + minNodes + ", joinTimeout=" +
            joinTimeout + ", localPool=" + localPool + "}";
    }

    /** Collects a {@link ClusterConfig}; {@link #config()} validates it. */
    public static final class Builder
    {
        private String clusterName = "flotilla";
        private String bindAddress = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private int portCount = 20;
        private final List<String> members = new ArrayList<>();
        private Duration heartbeatTimeout = Duration.ofSeconds(5);
        private int maxRetries = 3;
        private Duration targetChunkTime = Duration.ofMillis(20);
        private int chunksPerNode = 4;
        private int maxChunkItems = 65_536;
        private int minNodes = 1;
        private Duration joinTimeout = Duration.ofSeconds(30);
        private PoolConfig.Builder localPool = Pool.builder();

        private Builder()
        {
        }

        public Builder clusterName(final String clusterName)
        {
            this.clusterName = clusterName;
            return this;
        }

        public Builder bindAddress(final String bindAddress)
        {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder port(final int port)
        {
            this.port = port;
            return this;
        }

        public Builder portCount(final int portCount)
        {
            this.portCount = portCount;
            return this;
        }

        /** Adds a place to look for members: "host", "host:port" or "host:port-port". */
        public Builder member(final String member)
        {
            members.add(member);
            return this;
        }

        public Builder heartbeatTimeout(final Duration heartbeatTimeout)
        {
            this.heartbeatTimeout = heartbeatTimeout;
            return this;
        }

        public Builder maxRetries(final int maxRetries)
        {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder targetChunkTime(final Duration targetChunkTime)
        {
            this.targetChunkTime = targetChunkTime;
            return this;
        }

        public Builder chunksPerNode(final int chunksPerNode)
        {
            this.chunksPerNode = chunksPerNode;
            return this;
        }

        public Builder maxChunkItems(final int maxChunkItems)
        {
            this.maxChunkItems = maxChunkItems;
            return this;
        }

        public Builder minNodes(final int minNodes)
        {
            this.minNodes = minNodes;
            return this;
        }

        public Builder joinTimeout(final Duration joinTimeout)
        {
            this.joinTimeout = joinTimeout;
            return this;
        }

        /** The local pool of a node, from {@link Pool#builder()}. */
        public Builder localPool(final PoolConfig.Builder localPool)
        {
            this.localPool = localPool;
            return this;
        }

        /**
         * @return the validated configuration.
         * @throws IllegalArgumentException naming the field and its value.
         */
        public ClusterConfig config()
        {
            check(null != clusterName && clusterName.matches("[A-Za-z0-9._-]{1,64}"),
                "clusterName must be 1-64 of [A-Za-z0-9._-]: clusterName=" + clusterName);
            check(null != bindAddress && IPV4.matcher(bindAddress).matches(),
                "bindAddress must be an IPv4 address such as 127.0.0.1: bindAddress=" + bindAddress);
            check(port >= 1 && port <= 65_535, "port must be 1..65535: port=" + port);
            check(portCount >= 1 && portCount <= 1000 && port + portCount - 1 <= 65_535,
                "portCount must be 1..1000 and end at or below port 65535: portCount=" + portCount + ", port=" + port);
            for (final String member : members)
            {
                check(null != member && MEMBER.matcher(member).matches() && portsInRange(member),
                    "member must be host, host:port or host:port-port (at most " + MAX_PORT_RANGE + " ports): member=" +
                    member);
            }
            check(null != heartbeatTimeout && heartbeatTimeout.compareTo(Duration.ofSeconds(2)) >= 0 &&
                heartbeatTimeout.compareTo(Duration.ofHours(1)) <= 0,
                "heartbeatTimeout must be 2 s..1 h (whole seconds are used): heartbeatTimeout=" + heartbeatTimeout);
            check(maxRetries >= 0 && maxRetries <= 100, "maxRetries must be 0..100: maxRetries=" + maxRetries);
            check(null != targetChunkTime && targetChunkTime.toNanos() >= 1_000_000 &&
                targetChunkTime.compareTo(Duration.ofMinutes(1)) <= 0,
                "targetChunkTime must be 1 ms..1 min: targetChunkTime=" + targetChunkTime);
            check(chunksPerNode >= 1 && chunksPerNode <= 1024,
                "chunksPerNode must be 1..1024: chunksPerNode=" + chunksPerNode);
            check(maxChunkItems >= 1 && maxChunkItems <= 1 << 20,
                "maxChunkItems must be 1..1048576: maxChunkItems=" + maxChunkItems);
            check(minNodes >= 1 && minNodes <= 10_000, "minNodes must be 1..10000: minNodes=" + minNodes);
            check(null != joinTimeout && !joinTimeout.isNegative() && !joinTimeout.isZero(),
                "joinTimeout must be positive: joinTimeout=" + joinTimeout);
            check(null != localPool, "localPool must be set: localPool=null");
            return new ClusterConfig(this, localPool.config());
        }

        private static boolean portsInRange(final String member)
        {
            final java.util.regex.Matcher matcher = MEMBER.matcher(member);
            if (!matcher.matches())
            {
                return false;
            }
            final int first = null == matcher.group(3) ? 1 : Integer.parseInt(matcher.group(3));
            final int last = null == matcher.group(5) ? first : Integer.parseInt(matcher.group(5));
            return first >= 1 && last <= 65_535 && first <= last && last - first < MAX_PORT_RANGE;
        }

        private static void check(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
