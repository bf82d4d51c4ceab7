package io.flotilla.tools;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flotilla aot-train}: a cache for the workers of a pool with its own worker JVM options, and a clear line
 * where no cache can be made (a build's class path holds directories). Training itself is tested in the launcher.
 */
class AotTrainCommandTest
{
    @Test
    void workerJvmOptionsShapeTheWorkersTheCacheIsFor()
    {
        final AotTrainCommand plain = new AotTrainCommand();
        final AotTrainCommand tuned = new AotTrainCommand();
        new CommandLine(tuned).parseArgs("--worker-jvm-option=-Xmx1g", "--worker-jvm-option=-XX:+UseParallelGC");
        final List<String> command = tuned.launchConfig().commandFor(Path.of("/pool"), 1).toList();
        assertTrue(command.contains("-Xmx1g") && command.contains("-XX:+UseParallelGC"), command.toString());
        assertNotEquals(plain.launchConfig().commandFor(Path.of("/pool"), 1).toList(), command);
    }

    @Test
    void saysWhyWhenNoCacheCanBeMade()
    {
        final AotTrainCommand command = new AotTrainCommand();
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertEquals(0, new CommandLine(command).execute("--worker-jvm-option=-Xmx1g"));
        final String line = printed.toString(StandardCharsets.UTF_8);
        // tests run from target/classes directories, and a JDK AOT cache takes jars only
        assertTrue(line.startsWith("no AOT cache for workers: ") && line.contains("something other than jars"), line);
    }
}
