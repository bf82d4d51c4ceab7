package io.flotilla.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process still runs, as opposed to what {@link ProcessHandle#isAlive()} says. */
public final class Processes
{
    private Processes()
    {
    }

    /**
     * @return true while the process runs; false once it has exited, even as a zombie that nobody reaped yet (in a
     * container whose pid 1 does not reap, an exited orphan stays one, and {@link ProcessHandle} calls it alive).
     */
    public static boolean running(final long pid)
    {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        {
            return false;
        }
        try
        {
            final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            final char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        }
        catch (final IOException | RuntimeException ex)
        {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); // gone meanwhile, or no /proc
        }
    }
}
