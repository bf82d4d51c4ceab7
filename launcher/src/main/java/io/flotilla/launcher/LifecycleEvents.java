package io.flotilla.launcher;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR events of the workers' lifecycle: a worker process started in a slot, became ready, died (or retired). A JFR
 * recording of the parent shows them ({@code jfr print --categories Flotilla}); with no recording they cost a check
 * of a flag. Emitted by the supervisor and the thread that starts the pool.
 */
public final class LifecycleEvents
{
    private LifecycleEvents()
    {
    }

    /** A worker JVM, new or a warm spare, took a slot. */
    @Name("io.flotilla.WorkerStarted")
    @Label("Worker Started")
    @Category("Flotilla")
    @StackTrace(false)
    public static final class Started extends Event
    {
        @Label("Slot")
        int slot;
        @Label("Pid")
        long pid;
        @Label("Start")
        @Description("Processes started in the slot so far, this one included")
        long start;
    }

    /** A worker published READY: it claims tasks from now on. */
    @Name("io.flotilla.WorkerReady")
    @Label("Worker Ready")
    @Category("Flotilla")
    @StackTrace(false)
    public static final class Ready extends Event
    {
        @Label("Slot")
        int slot;
        @Label("Pid")
        long pid;
        @Label("Start To Ready")
        @Timespan(Timespan.NANOSECONDS)
        long startToReady;
    }

    /** A worker process ended: killed, crashed, hung, out of memory, or retired after its tasks. */
    @Name("io.flotilla.WorkerDied")
    @Label("Worker Died")
    @Category("Flotilla")
    @StackTrace(false)
    public static final class Died extends Event
    {
        @Label("Slot")
        int slot;
        @Label("Pid")
        long pid;
        @Label("Cause")
        String cause;
        @Label("Exit Code")
        int exitCode;
        @Label("Description")
        String description;
    }

    static void started(final int slot, final long pid, final long start)
    {
        final Started event = new Started();
        if (event.shouldCommit())
        {
            event.slot = slot;
            event.pid = pid;
            event.start = start;
            event.commit();
        }
    }

    static void ready(final int slot, final long pid, final long startToReadyNs)
    {
        final Ready event = new Ready();
        if (event.shouldCommit())
        {
            event.slot = slot;
            event.pid = pid;
            event.startToReady = startToReadyNs;
            event.commit();
        }
    }

    static void died(final int slot, final long pid, final String cause, final int exitCode, final String description)
    {
        final Died event = new Died();
        if (event.shouldCommit())
        {
            event.slot = slot;
            event.pid = pid;
            event.cause = cause;
            event.exitCode = exitCode;
            event.description = description;
            event.commit();
        }
    }
}
