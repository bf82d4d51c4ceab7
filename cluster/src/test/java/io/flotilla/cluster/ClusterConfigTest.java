package io.flotilla.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConfigTest
{
    @Test
    void defaultsBindToLoopbackAndLookThere()
    {
        final ClusterConfig config = ClusterConfig.builder().config();
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals(List.of("127.0.0.1"), config.members());
        assertEquals(Duration.ofSeconds(5), config.heartbeatTimeout());
        assertEquals(ClusterConfig.DEFAULT_PORT, config.port());
    }

    @Test
    void badValuesNameTheFieldAndTheValue()
    {
        assertRefused(ClusterConfig.builder().bindAddress("0.0.0.0.1"), "bindAddress=0.0.0.0.1");
        assertRefused(ClusterConfig.builder().bindAddress("example.com"), "bindAddress=example.com");
        assertRefused(ClusterConfig.builder().member("10.0.0.1:70000"), "member=10.0.0.1:70000");
        assertRefused(ClusterConfig.builder().member("10.0.0.1:5702-5701"), "member=10.0.0.1:5702-5701");
        assertRefused(ClusterConfig.builder().heartbeatTimeout(Duration.ofMillis(500)), "heartbeatTimeout=PT0.5S");
        assertRefused(ClusterConfig.builder().port(65_530).portCount(10), "portCount=10");
        assertRefused(ClusterConfig.builder().clusterName("a b"), "clusterName=a b");
        assertRefused(ClusterConfig.builder().chunksPerNode(0), "chunksPerNode=0");
        assertRefused(ClusterConfig.builder().targetChunkTime(Duration.ofNanos(10)), "targetChunkTime=PT0.00000001S");
        assertRefused(ClusterConfig.builder().minNodes(0), "minNodes=0");
        assertRefused(ClusterConfig.builder().localPool(io.flotilla.Pool.builder().processes(0)), "processes=0");
    }

    @Test
    void memberFormsAreTaken()
    {
        final ClusterConfig config = ClusterConfig.builder()
            .member("10.0.0.1").member("10.0.0.2:5701").member("node-3:5701-5703").config();
        assertEquals(List.of("10.0.0.1", "10.0.0.2:5701", "node-3:5701-5703"), config.members());
        // Hazelcast takes no port range: the one Hazelcast configuration expands it
        assertEquals(List.of("10.0.0.1", "10.0.0.2:5701", "node-3:5701", "node-3:5702", "node-3:5703"),
            io.flotilla.cluster.internal.HazelcastSetup.memberConfig(config, null)
                .getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertRefused(ClusterConfig.builder().member("10.0.0.1:1000-1200"), "member=10.0.0.1:1000-1200");
    }

    private static void assertRefused(final ClusterConfig.Builder builder, final String detail)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, builder::config);
        assertTrue(ex.getMessage().contains(detail), ex.getMessage());
    }

    @Test
    void nodeCommandRefusesABadAddressWithExitTwoAndTheField()
    {
        final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        final NodeCommand command = new NodeCommand();
        command.out = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, new picocli.CommandLine(command).execute("--bind", "localhost.example"));
        assertTrue(captured.toString(java.nio.charset.StandardCharsets.UTF_8).contains("bindAddress=localhost.example"),
            captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void nodeCommandPassesSpareWorkersToItsLocalPool()
    {
        final NodeCommand command = new NodeCommand();
        new picocli.CommandLine(command).parseArgs("--spare-workers", "2", "--processes", "1");
        assertEquals(2, command.config().localPool().spareWorkers());
        assertEquals(0, new NodeCommand().config().localPool().spareWorkers(), "none unless asked");
    }
}
