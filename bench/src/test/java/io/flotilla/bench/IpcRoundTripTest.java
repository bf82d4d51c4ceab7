package io.flotilla.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's main job, {@code ./flotilla demo}, runs a real worker JVM and prints its percentiles.
 */
class IpcRoundTripTest
{
    @Test
    @Timeout(120)
    void demoMeasuresBothIdleModesAndLeavesNothingBehind(@TempDir final Path base) throws Exception
    {
        final CommandRun run = CommandRun.of(IpcRoundTrip::new,
            "--samples", "2000", "--warmup", "500", "--base", base.toString());
        final String out = run.printed();
        assertEquals(0, run.exit(), out);
        assertTrue(out.matches("(?s).*\\nbusy-spin +\\d+ ms +\\d+\\.\\d\\d .*"), out);
        assertTrue(out.matches("(?s).*\\nbackoff +\\d+ ms +\\d+\\.\\d\\d .*"), out);
        try (Stream<Path> left = Files.list(base))
        {
            assertEquals(0, left.count(), "pool directories removed");
        }
        assertEquals(0, ProcessHandle.current().children().count(), "no worker JVM left running");
    }

    @Test
    void badArgumentsAreNamed()
    {
        final int exit = new CommandLine(new IpcRoundTrip()).setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
            .execute("--samples", "0");
        assertEquals(2, exit);
    }
}
