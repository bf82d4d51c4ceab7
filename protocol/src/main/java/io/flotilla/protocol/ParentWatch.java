package io.flotilla.protocol;

import java.util.Optional;

/**
 * Tells a worker whether its parent process still lives, so that a worker never outlives its parent by more than
 * {@link #CHECK_INTERVAL_MS} plus one duty cycle, however the parent died (SIGKILL included).
 * <p>
 * Two signals, checked at most every {@link #CHECK_INTERVAL_MS} from the duty cycle: the parent's
 * {@link ProcessHandle#isAlive()}, and, for a worker the parent started itself, the worker's own parent pid (the
 * kernel re-parents an orphan at once, while a killed parent may linger as a zombie that still reads as alive).
 * {@link ProcessHandle#onExit()} alone is not enough: for a process that is not our child the JDK notices the exit
 * only by polling, which took over a second here.
 * <p>
 * Single-threaded: call {@link #alive()} from the worker's duty cycle thread.
 */
public final class ParentWatch
{
    /** Longest time between two real checks. */
    public static final long CHECK_INTERVAL_MS = 100;

    private final long parentPid;
    private final ProcessHandle parent;
    private final boolean directChild;
    private boolean alive;
    private long nextCheckMs;

    private ParentWatch(final long parentPid, final ProcessHandle parent)
    {
        this.parentPid = parentPid;
        this.parent = parent;
        this.directChild = parentPid == currentParentPid();
        this.alive = null != parent && parent.isAlive();
    }

    /**
     * @param parentPid the parent's pid, from {@code counters.dat}.
     * @return a watch; a parent already gone reads as not alive at once.
     */
    public static ParentWatch of(final long parentPid)
    {
        final Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        return new ParentWatch(parentPid, parent.orElse(null));
    }

    /**
     * Cheap on most calls: the real check runs at most every {@link #CHECK_INTERVAL_MS}.
     *
     * @return false once the parent is known to be gone, and from then on.
     */
    public boolean alive()
    {
        if (alive)
        {
            final long now = System.currentTimeMillis();
            if (now >= nextCheckMs)
            {
                nextCheckMs = now + CHECK_INTERVAL_MS;
                alive = parent.isAlive() && (!directChild || parentPid == currentParentPid());
            }
        }
        return alive;
    }

    private static long currentParentPid()
    {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }
}
