package io.flotilla.cluster;

import io.flotilla.protocol.Processes;
import io.flotilla.launcher.JvmCommand;
import io.flotilla.testkit.Await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.time.Duration;

/**
 * Node JVMs for a test: each runs {@code flotilla node} on 127.0.0.1 with the test class path, one worker each, in a
 * cluster of its own name, and leaves with the test JVM. {@link #close()} stops them and checks nothing is left.
 */
final class NodeProcesses implements AutoCloseable
{
    /** One node JVM and what it printed. */
    static final class Node
    {
        final Process process;
        final int port;
        final StringBuffer output = new StringBuffer();
        final CountDownLatch ready = new CountDownLatch(1);

        Node(final Process process, final int port)
        {
            this.process = process;
            this.port = port;
        }

        String address()
        {
            return "127.0.0.1:" + port;
        }
    }

    /** The nodes take Java-serialized tasks of these classes (the ExecutorService view). */
    static final String SERIALIZATION_ALLOWED = "io.flotilla.**";

    final String clusterName = "test-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Node> nodes = new ArrayList<>();
    final int clientPort;
    final int secondClientPort;
    private final List<String> members = new ArrayList<>();

    NodeProcesses(final int count) throws IOException, InterruptedException
    {
        final int[] ports = freePorts(count + 2);
        for (int i = 0; i < count; i++)
        {
            members.add("127.0.0.1:" + ports[i]);
        }
        clientPort = ports[count];
        secondClientPort = ports[count + 1];
        for (int i = 0; i < count; i++)
        {
            nodes.add(start(ports[i]));
        }
        for (final Node node : nodes)
        {
            if (!node.ready.await(90, TimeUnit.SECONDS))
            {
                close();
                throw new IllegalStateException("node not ready in 90 s: port=" + node.port + ", output:\n" + node.output);
            }
        }
    }

    /** A configuration for a cluster pool joining these nodes. */
    ClusterConfig.Builder clientConfig()
    {
        final ClusterConfig.Builder builder = ClusterConfig.builder()
            .clusterName(clusterName)
            .port(clientPort)
            .portCount(1)
            .heartbeatTimeout(java.time.Duration.ofSeconds(3))
            .minNodes(nodes.size())
            .joinTimeout(java.time.Duration.ofSeconds(60))
            .localPool(io.flotilla.Pool.builder().javaSerialization(SERIALIZATION_ALLOWED));
        members.forEach(builder::member);
        return builder;
    }

    private Node start(final int port) throws IOException
    {
        final JvmCommand.Builder command = JvmCommand.builder(NodeCommand.class.getName())
            .jvmOption("-Xmx256m")
            .arg("--cluster-name").arg(clusterName)
            .arg("--port").arg(Integer.toString(port))
            .arg("--port-count").arg("1")
            .arg("--processes").arg("1")
            .arg("--heartbeat-timeout-seconds").arg("3")
            .arg("--java-serialization").arg(SERIALIZATION_ALLOWED)
            .arg("--exit-with-pid").arg(Long.toString(ProcessHandle.current().pid()));
        members.forEach(member -> command.arg("--member").arg(member));
        final Process process = command.build().processBuilder().redirectErrorStream(true).start();
        final Node node = new Node(process, port);
        Thread.ofPlatform().daemon().name("node-output-" + port).start(() -> // a blocking pipe read: not on a carrier
        {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = reader.readLine()))
                {
                    node.output.append(line).append('\n');
                    if (line.startsWith("flotilla node ready"))
                    {
                        node.ready.countDown();
                    }
                }
            }
            catch (final IOException ex)
            {
                node.output.append("output lost: ").append(ex).append('\n');
            }
        });
        return node;
    }

    /** Every process of the nodes: node JVMs and their workers. */
    List<ProcessHandle> allProcesses()
    {
        final List<ProcessHandle> all = new ArrayList<>();
        for (final Node node : nodes)
        {
            all.add(node.process.toHandle());
            node.process.descendants().forEach(all::add);
        }
        return all;
    }

    @Override
    public void close()
    {
        try
        {
            stopAll();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            allProcesses().forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void stopAll() throws InterruptedException
    {
        final List<ProcessHandle> all = allProcesses();
        try
        {
            stopProcesses(all);
        }
        finally
        {
            removePoolsOfKilledNodes();
        }
    }

    /** A node killed with SIGKILL could not remove its local pool's directory: do it for it. */
    private void removePoolsOfKilledNodes()
    {
        for (final Node node : nodes)
        {
            final String prefix = "pool-" + node.process.pid() + "-";
            try (Stream<Path> pools = Files.list(io.flotilla.protocol.PoolDirectory.defaultBase()))
            {
                pools.filter(dir -> dir.getFileName().toString().startsWith(prefix))
                    .forEach(io.flotilla.protocol.PoolDirectory::deleteTree);
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        }
    }

    private void stopProcesses(final List<ProcessHandle> all) throws InterruptedException
    {
        for (final Node node : nodes)
        {
            node.process.destroy();
        }
        for (final Node node : nodes)
        {
            if (!node.process.waitFor(20, TimeUnit.SECONDS))
            {
                node.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (final ProcessHandle process : all)
        {
            try
            {
                Await.until(() -> !Processes.running(process.pid()),
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), "process ended: pid=" + process.pid());
            }
            catch (final AssertionError ex)
            {
                process.destroyForcibly();
                throw new IllegalStateException("process left running after the nodes stopped: pid=" + process.pid(), ex);
            }
        }
    }

    /**
     * @return the local addresses of the TCP sockets the process listens on, as /proc shows them (hex, e.g.
     * "0100007F" for 127.0.0.1 in /proc/net/tcp).
     */
    static List<String> listeningAddresses(final long pid) throws IOException
    {
        final Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd")))
        {
            fds.forEach(fd ->
            {
                try
                {
                    final String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:["))
                    {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                }
                catch (final IOException ex)
                {
                    // closed while listing
                }
            });
        }
        final List<String> listening = new ArrayList<>();
        for (final String table : new String[] {"tcp", "tcp6"})
        {
            final Path path = Path.of("/proc/" + pid + "/net/" + table);
            if (!Files.exists(path))
            {
                continue;
            }
            for (final String line : Files.readAllLines(path).subList(1, Files.readAllLines(path).size()))
            {
                final String[] fields = line.trim().split("\\s+");
                if ("0A".equals(fields[3]) && inodes.contains(fields[9]))
                {
                    listening.add(fields[1].substring(0, fields[1].indexOf(':')));
                }
            }
        }
        return listening;
    }

    private static int[] freePorts(final int count) throws IOException
    {
        final int[] ports = new int[count];
        final List<ServerSocket> held = new ArrayList<>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        }
        finally
        {
            for (final ServerSocket socket : held)
            {
                socket.close();
            }
        }
        return ports;
    }
}
