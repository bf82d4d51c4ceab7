package io.flotilla.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flotilla startup-bench} on a tiny profile: every way of getting ready workers is measured, the figures are
 * there and positive, and no JVM or file is left behind. No timing is asserted.
 */
class StartupTimeTest
{
    @Test
    @Timeout(180)
    void measuresNewJvmsTheReserveAndRecoveryAndLeavesNothingBehind(@TempDir final Path base) throws Exception
    {
        final CommandRun run = CommandRun.of(StartupTime::new, "--runs", "1", "--workers", "1", "--base", base.toString());
        final String out = run.printed();
        assertEquals(0, run.exit(), out);
        assertTrue(out.matches("(?s).*first pool in this JVM .*: [1-9]\\d* ms\\n.*"), out);
        assertTrue(out.matches("(?s).*new worker JVMs, 1 runs, .*median [1-9]\\d* ms, .*median [1-9]\\d* ms\\n.*"), out);
        assertTrue(out.matches("(?s).*from a warm WorkerReserve, 1 runs, .*median [1-9]\\d* ms, .*"), out);
        assertTrue(out.matches("(?s).*new JVM \\[\\d+] ms, median \\d+ ms; by a spare .* \\[\\d+] ms, median \\d+ ms\\n.*"),
            out);
        try (Stream<Path> left = Files.list(base))
        {
            assertEquals(0, left.filter(p -> !p.getFileName().toString().equals("aot")).count(),
                "pool and spares directories removed");
        }
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(), "no JVM left");
    }
}
