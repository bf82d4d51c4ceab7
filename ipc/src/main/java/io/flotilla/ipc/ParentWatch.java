package io.flotilla.ipc;

import java.util.Optional;

/**
 * Tells a worker whether its parent process still lives, without a system call on the hot path: the JDK's process
 * reaper completes {@link ProcessHandle#onExit()} and this class only reads a volatile flag.
 */
public final class ParentWatch
{
    private volatile boolean alive = true;

    private ParentWatch()
    {
    }

    /**
     * @param parentPid the parent's pid, from {@code counters.dat}.
     * @return a watch; a parent already gone reads as not alive at once.
     */
    public static ParentWatch of(final long parentPid)
    {
        final ParentWatch watch = new ParentWatch();
        final Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive())
        {
            watch.alive = false;
        }
        else
        {
            parent.get().onExit().thenRun(() -> watch.alive = false);
        }
        return watch;
    }

    public boolean alive()
    {
        return alive;
    }
}
