package io.flotilla.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmCommandTest
{
    /** Prints the properties the shared flags must set in a child JVM. */
    public static final class PrintProperties
    {
        public static void main(final String[] args)
        {
            System.out.println("analytics=" + System.getProperty("chronicle.analytics.disable"));
            System.out.println("arg=" + args[0]);
        }
    }

    @Test
    void surefireRunsWithTheSharedFlags()
    {
        assertEquals("true", System.getProperty("chronicle.analytics.disable"),
            "the test JVM was started with @jvm.flags");
    }

    @Test
    @Timeout(60)
    void childJvmGetsTheSharedFlagsAndItsArguments(@TempDir final Path dir) throws Exception
    {
        final Path out = dir.resolve("child.out");
        final Process process = JvmCommand.builder(PrintProperties.class.getName())
            .jvmOption("-Xmx32m")
            .arg("hello")
            .build()
            .processBuilder()
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
        try
        {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child exits");
            assertEquals(0, process.exitValue(), Files.readString(out));
            assertEquals("analytics=true\narg=hello\n", Files.readString(out));
        }
        finally
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
