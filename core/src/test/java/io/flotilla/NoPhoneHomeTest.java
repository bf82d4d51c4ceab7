package io.flotilla;

import io.flotilla.testkit.Functions;

import io.flotilla.protocol.JvmFlags;
import io.flotilla.launcher.JvmCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parent JVM started with the opens and exports Chronicle needs but none of our {@code -D} options (so no
 * {@code chronicle.analytics.disable}) runs a pool and phones nowhere: no analytics client-id file is written, no
 * analytics host is looked up, and the parent holds no socket.
 */
@Timeout(120)
class NoPhoneHomeTest
{
    /** The parent: a pool, a task, then its own open sockets counted from /proc/self/fd. */
    public static final class Parent
    {
        public static void main(final String[] args) throws Exception
        {
            try (Pool pool = Pool.builder().processes(1).workerOutputLevel(System.Logger.Level.OFF).build())
            {
                System.out.println("answer=" + pool.submit(Functions.Square.class, 12).join());
                long sockets = 0;
                try (var fds = Files.list(Path.of("/proc/self/fd")))
                {
                    for (final Path fd : fds.toList())
                    {
                        try
                        {
                            if (Files.readSymbolicLink(fd).toString().startsWith("socket:"))
                            {
                                sockets++;
                            }
                        }
                        catch (final java.io.IOException gone)
                        {
                            // closed while listed
                        }
                    }
                }
                System.out.println("sockets=" + sockets);
                System.out.println("analytics.disable=" + System.getProperty("chronicle.analytics.disable"));
            }
        }
    }

    @Test
    void aParentWithoutOurFlagsPhonesNowhere() throws Exception
    {
        final Path clientId = Path.of(System.getProperty("user.home"), ".chronicle.analytics.client.id");
        final boolean existedBefore = Files.exists(clientId);
        final long modifiedBefore = existedBefore ? Files.getLastModifiedTime(clientId).toMillis() : 0;

        final List<String> command = new ArrayList<>();
        command.add(JvmCommand.currentJavaBinary().toString());
        for (final String flag : JvmFlags.all())
        {
            if (!flag.startsWith("-D"))
            {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Parent.class.getName());
        final Path output = Files.createTempFile("no-phone-home", ".log");
        final Process parent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .start();
        try
        {
            assertTrue(parent.waitFor(90, TimeUnit.SECONDS), "the parent finished");
            final String log = Files.readString(output);
            assertEquals(0, parent.exitValue(), log);
            assertTrue(log.contains("answer=144"), log);
            assertTrue(log.contains("sockets=0"), "no socket in the parent: " + log);
            assertTrue(log.contains("analytics.disable=true"), log);
            assertFalse(log.contains("UnknownHostException") || log.contains("google-analytics") ||
                log.contains("Client id file"), "nothing tried to reach an analytics host: " + log);
            if (existedBefore)
            {
                assertEquals(modifiedBefore, Files.getLastModifiedTime(clientId).toMillis(), "client id not touched");
            }
            else
            {
                assertFalse(Files.exists(clientId), "no analytics client id written: " + clientId);
            }
        }
        finally
        {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }

    /** Builds a pool without any flag: the builder must say what is missing. */
    public static final class NoFlags
    {
        public static void main(final String[] args)
        {
            try
            {
                Pool.builder();
                System.out.println("no error");
            }
            catch (final IllegalStateException expected)
            {
                System.out.println("refused: " + expected.getMessage());
            }
        }
    }

    @Test
    void aParentWithoutTheFlagsIsToldWhichAreMissingAndHowToPassThem() throws Exception
    {
        final Path output = Files.createTempFile("no-flags", ".log");
        final Process parent = new ProcessBuilder(JvmCommand.currentJavaBinary().toString(), "-cp",
            System.getProperty("java.class.path"), NoFlags.class.getName())
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try
        {
            assertTrue(parent.waitFor(60, TimeUnit.SECONDS));
            final String log = Files.readString(output);
            assertTrue(log.contains("refused: this JVM lacks flags"), log);
            assertTrue(log.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), log);
            assertTrue(log.contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"), log);
            assertTrue(log.contains("JDK_JAVA_OPTIONS=") && log.contains("@flotilla-jvm.flags"), log);
            assertFalse(log.contains("IllegalAccessError"), log);
        }
        finally
        {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
        assertTrue(io.flotilla.protocol.JvmAccessCheck.missingFlags().isEmpty(), "this test JVM has them all");
    }
}
