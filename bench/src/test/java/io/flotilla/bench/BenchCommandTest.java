package io.flotilla.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flotilla bench} on a tiny sample: every system measured, the report and both plots written, nothing left.
 */
class BenchCommandTest
{
    @Test
    @Timeout(180)
    void benchWritesItsReportAndPlots(@TempDir final Path out) throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        final CommandRun run = CommandRun.of(BenchCommand::new, "--samples", "500", "--out", out.toString());
        final String printed = run.printed();
        assertEquals(0, run.exit(), printed);
        final String report = Files.readString(out.resolve("report.md"));
        for (final String row : new String[] {"| in-process (virtual thread) |", "| pipe child JVM |",
            "| Flotilla transport (ipc) |", "| Flotilla submit+join |", "| Flotilla transport (ipc), busy-spin |",
            "| Flotilla submit+join, busy-spin, 1 worker |", "| map, chunks of 256 |", "| map, unchunked |"})
        {
            assertTrue(report.contains(row), "report has " + row + ":\n" + report);
        }
        assertTrue(report.matches("(?s).*Idle pool, CPU as percent of one core: parent JVM [0-9.]+%, worker 1 [0-9.]+%, " +
            "worker 2 [0-9.]+%.*"), report);
        final String fixedRate = report.substring(report.indexOf("## At a fixed rate"));
        final java.util.regex.Matcher row = java.util.regex.Pattern.compile(
            "\\| Flotilla submit\\+join \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+) \\|")
            .matcher(fixedRate);
        assertTrue(row.find(), "the fixed-rate table has Flotilla:\n" + fixedRate);
        for (int i = 1; i < 5; i++)
        {
            assertTrue(Double.parseDouble(row.group(i)) > 0 &&
                Double.parseDouble(row.group(i)) <= Double.parseDouble(row.group(i + 1)), "percentiles ordered: " +
                row.group());
        }
        assertTrue(fixedRate.contains("| pipe child JVM |") && fixedRate.contains("| in-process (virtual thread) |"),
            fixedRate);
        for (final String section : new String[] {"async tasks each waiting 10 ms", "Idle worker RSS: worker 1 ",
            "## How cost grows", "### Round trip by payload", "### map throughput by payload", "### map throughput by chunk size",
            "### map throughput by workers", "### Time to a ready pool by workers", "### Async tasks waiting 10 ms"})
        {
            assertTrue(report.contains(section), "report has " + section + ":\n" + report);
        }
        for (final String png : new String[] {"latency.png", "throughput.png", "rtt-by-payload.png", "map-by-chunk.png",
            "map-by-workers.png", "ready-by-workers.png", "async-by-concurrency.png", "map-by-payload.png"})
        {
            final byte[] image = Files.readAllBytes(out.resolve(png));
            assertTrue(image.length > 1000 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G', png);
        }
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no child JVM left");
    }
}
