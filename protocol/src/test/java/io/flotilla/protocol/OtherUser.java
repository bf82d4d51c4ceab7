package io.flotilla.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test support: runs a command as another local user ({@code nobody}, uid 65534), as a hostile user on the same
 * machine would. Needs root and {@code setpriv} (util-linux); tests skip without them.
 */
final class OtherUser
{
    static final long UID = 65534;

    private static final List<String> SETPRIV_PATHS = List.of("/usr/bin/setpriv", "/bin/setpriv");

    private OtherUser()
    {
    }

    /** Skips the calling test, saying why, unless this process can act as another user. */
    static void assumeAvailable()
    {
        assumeTrue(0 == CurrentUser.uid(),
            "acting as another user needs root (CI runs as root): uid=" + CurrentUser.uid());
        assumeTrue(null != setpriv(), "acting as another user needs setpriv (util-linux): looked at " + SETPRIV_PATHS);
    }

    /**
     * Runs {@code command} as uid {@link #UID} with no groups, waits at most 60 s and asserts it succeeded.
     *
     * @return its output.
     */
    static String run(final Path log, final String... command) throws IOException, InterruptedException
    {
        final List<String> full = new ArrayList<>(List.of(setpriv(), "--reuid=" + UID, "--regid=" + UID, "--clear-groups"));
        full.addAll(List.of(command));
        final Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try
        {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "as another user, did not finish in 60 s: " + full);
            final String output = Files.readString(log);
            assertEquals(0, process.exitValue(), "as another user: command=" + full + ", output:\n" + output);
            return output;
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static String setpriv()
    {
        for (final String path : SETPRIV_PATHS)
        {
            if (Files.isExecutable(Path.of(path)))
            {
                return path;
            }
        }
        return null;
    }
}
