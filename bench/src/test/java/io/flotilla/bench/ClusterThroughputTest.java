package io.flotilla.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flotilla cluster-bench} on a tiny profile: both pools measured, the figures positive and ordered.
 */
class ClusterThroughputTest
{
    @Test
    @Timeout(240)
    void clusterBenchComparesBothPools() throws Exception
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort() > 65_000 ? 40_000 : probe.getLocalPort();
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final ClusterThroughput bench = new ClusterThroughput();
        bench.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final int exit = new CommandLine(bench).execute(
            "--items", "20000", "--rounds", "1", "--samples", "100", "--port", Integer.toString(port));
        final String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);

        final Matcher map = Pattern.compile("local ([\\d,]+) tasks/s, cluster of 2 nodes ([\\d,]+) tasks/s")
            .matcher(printed);
        assertTrue(map.find(), printed);
        assertTrue(number(map.group(1)) > 0 && number(map.group(2)) > 0, printed);
        final Matcher rtt = Pattern.compile(
            "local p50 ([\\d.]+) us p99 ([\\d.]+) us.*cluster p50 ([\\d.]+) us p99 ([\\d.]+) us").matcher(printed);
        assertTrue(rtt.find(), printed);
        assertTrue(Double.parseDouble(rtt.group(1)) > 0 && Double.parseDouble(rtt.group(1)) <=
            Double.parseDouble(rtt.group(2)), printed);
        assertTrue(Double.parseDouble(rtt.group(3)) > 0 && Double.parseDouble(rtt.group(3)) <=
            Double.parseDouble(rtt.group(4)), printed);
        assertTrue(printed.contains("per-chunk overhead of the Hazelcast hop"), printed);
    }

    private static long number(final String digits)
    {
        return Long.parseLong(digits.replace(",", ""));
    }
}
