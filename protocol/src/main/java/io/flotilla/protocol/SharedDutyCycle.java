package io.flotilla.protocol;

import org.agrona.concurrent.Agent;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A duty cycle that more than one thread may run, one at a time: its home thread (an {@code AgentRunner}'s) runs it
 * as usual, and a thread that waits for something the cycle brings (a caller waiting on a task's future) runs it
 * itself instead of waiting to be woken, the way Aeron's {@code AgentInvoker} lets a caller drive an agent. Whoever
 * holds the cycle owns every appender and tailer in it for that cycle; taking and releasing it is a
 * compare-and-set and a release store, which also orders one runner's writes before the next runner's reads.
 * <p>
 * A thread already running the cycle (a future's callback, called from inside it) cannot run it again: the nested
 * attempt returns {@link #BUSY}, as does any attempt while another thread runs it.
 */
public final class SharedDutyCycle implements Agent
{
    private static final System.Logger LOGGER = System.getLogger(SharedDutyCycle.class.getName());
    private static final long WARN_AFTER_NS = 5_000_000_000L;

    /** What {@link #runOnce()} returns when another thread, or this one further up its stack, runs the cycle. */
    public static final int BUSY = -1;

    /** Holds the cycle for good once {@link #seal()} took it. */
    private static final Thread SEALED = Thread.ofVirtual().unstarted(() -> { });

    private final Agent delegate;
    private final AtomicReference<Thread> runner = new AtomicReference<>();
    private volatile Thread home;
    /** Set once the delegate's appenders and tailers exist; no guest runs the cycle before. */
    private volatile boolean started;
    /** {@link System#nanoTime()} when a thread other than the home thread last ran the cycle. */
    private volatile long lastGuestRunNs;

    public SharedDutyCycle(final Agent delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public void onStart()
    {
        home = Thread.currentThread();
        delegate.onStart();
        started = true;
    }

    /** The home thread's cycle: {@link #runOnce()}, with "another thread runs it" counted as no work. */
    @Override
    public int doWork() throws Exception
    {
        return Math.max(0, runOnce());
    }

    /**
     * Runs one cycle on the calling thread unless some thread runs it now.
     *
     * @return the work done, or {@link #BUSY}.
     */
    public int runOnce() throws Exception
    {
        return runOnce(true);
    }

    /**
     * Runs one cycle on the calling thread unless some thread runs it now.
     *
     * @param asGuest whether a run by a thread other than the home thread counts as a guest's ({@link
     *                #guestRanWithin}): false for a thread that only sends what it queued and will not wait for the
     *                answer, so that the home thread keeps reading results instead of stepping aside.
     * @return the work done, or {@link #BUSY}.
     */
    public int runOnce(final boolean asGuest) throws Exception
    {
        final Thread self = Thread.currentThread();
        if (!started || !runner.compareAndSet(null, self))
        {
            return BUSY;
        }
        try
        {
            if (asGuest && self != home)
            {
                lastGuestRunNs = System.nanoTime();
            }
            return delegate.doWork();
        }
        finally
        {
            runner.setRelease(null);
        }
    }

    /** @return whether a thread other than the home thread ran the cycle within the last {@code nanos}. */
    public boolean guestRanWithin(final long nanos)
    {
        return System.nanoTime() - lastGuestRunNs < nanos;
    }

    /**
     * Takes the cycle for good: waits for the thread that runs it now, if any, to finish its cycle; afterwards every
     * {@link #runOnce()} is {@link #BUSY}, the home thread's included. For a shutdown, before the appenders and tailers
     * close. Must not be called from inside a cycle.
     */
    public void seal()
    {
        if (runByCurrentThread())
        {
            throw new IllegalStateException("seal() from inside the duty cycle: thread=" + Thread.currentThread());
        }
        long warnAt = System.nanoTime() + WARN_AFTER_NS;
        while (!runner.compareAndSet(null, SEALED))
        {
            final Thread holder = runner.get();
            if (SEALED == holder)
            {
                return;
            }
            if (System.nanoTime() - warnAt > 0)
            {
                LOGGER.log(System.Logger.Level.WARNING, "shutdown waits for a thread inside the pool's duty cycle " +
                    "(a callback that blocks?): thread=" + holder);
                warnAt = System.nanoTime() + WARN_AFTER_NS;
            }
            Thread.yield();
        }
    }

    /** @return whether a thread other than the home thread runs the cycle now, or it is sealed. */
    public boolean heldByGuest()
    {
        final Thread current = runner.get();
        return null != current && current != home;
    }

    /** @return whether the calling thread is inside a cycle now (a callback the cycle made). */
    public boolean runByCurrentThread()
    {
        return runner.get() == Thread.currentThread();
    }

    /** @return the thread that runs the cycle when nobody else does, once started. */
    public Thread home()
    {
        return home;
    }

    /** Closes the appenders and tailers once no guest can be inside the cycle: it is sealed first. */
    @Override
    public void onClose()
    {
        seal();
        delegate.onClose();
    }

    @Override
    public String roleName()
    {
        return delegate.roleName();
    }
}
