package io.flotilla.protocol;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Wakes a duty cycle's thread when another thread of the same process hands it work (a result in the ring, a free
 * concurrency slot, a task to send), instead of letting the work wait out the thread's park (up to 1 ms, 5 ms after a
 * lull). The thread publishes itself while it idles; {@link #ring()} unparks it only then, so a busy thread costs the
 * ringer a volatile write and read.
 * <p>
 * No ring is lost: the ringer sets {@code rung} before it reads the idler, the idler publishes itself before it reads
 * {@code rung} (both volatile), so either the idler sees the ring and does not park, or the ringer sees the idler and
 * unparks it (an unpark before the park makes the park return at once).
 * <p>
 * A doorbell over a {@link SharedBell} (the process slot's word in {@code counters.dat}) also wakes a thread that
 * sleeps on that word ({@link BellIdleStrategy}), which other processes ring too: the duty cycle then sleeps until
 * any process hands it work.
 */
public final class Doorbell
{
    private volatile Thread idler;
    private volatile boolean rung;
    private final SharedBell shared;

    /** A doorbell for threads of this process only. */
    public Doorbell()
    {
        this(null);
    }

    /** @param shared the word other processes ring too, or null. */
    public Doorbell(final SharedBell shared)
    {
        this.shared = shared;
    }

    /** @return the shared word this doorbell rings too, or null. */
    public SharedBell shared()
    {
        return shared;
    }

    /** @return {@code idle}, publishing the calling thread while it idles with no work. */
    public IdleStrategy around(final IdleStrategy idle)
    {
        return new IdleStrategy()
        {
            @Override
            public void idle(final int workCount)
            {
                if (workCount > 0)
                {
                    idle.idle(workCount);
                    return;
                }
                idler = Thread.currentThread();
                if (!rung)
                {
                    idle.idle(0);
                }
                idler = null;
                rung = false;
            }

            @Override
            public void idle()
            {
                idle(0);
            }

            @Override
            public void reset()
            {
                idle.reset();
            }

            @Override
            public String alias()
            {
                return idle.alias();
            }
        };
    }

    /**
     * Parks the calling thread until {@link #ring()} or {@code nanos} pass: for a duty cycle that can get work only
     * from this process now (a worker whose slots are all taken waits for one of its own tasks to end).
     */
    public void park(final long nanos)
    {
        idler = Thread.currentThread();
        if (!rung)
        {
            LockSupport.parkNanos(nanos);
        }
        idler = null;
        rung = false;
    }

    /** Wakes the duty cycle's thread if it idles now, or keeps it from parking next. */
    public void ring()
    {
        rung = true;
        final Thread thread = idler;
        if (null != thread)
        {
            LockSupport.unpark(thread);
        }
        if (null != shared)
        {
            shared.ring();
        }
    }
}
