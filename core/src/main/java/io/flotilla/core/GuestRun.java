package io.flotilla.core;

import io.flotilla.protocol.Doorbell;
import io.flotilla.IdleMode;
import io.flotilla.protocol.SharedDutyCycle;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How a thread waits for a pool's future: it runs the pool's I/O duty cycle itself while nobody else does (its task's
 * envelope goes into the work queue and its result comes out of the results queue on this thread, with no thread to
 * wake on either side), and blocks as usual while another waiting thread runs it. When it stops running the cycle
 * with tasks still pending, it wakes the I/O thread, which then takes over.
 */
final class GuestRun
{
    /** A home thread that saw a guest run the cycle within this long parks instead of spinning or yielding. */
    static final long STEP_ASIDE_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long the home thread parks at a time while it steps aside; rung sooner when it is needed. */
    static final long STEP_ASIDE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private final SharedDutyCycle duty;
    private final IdleMode idleMode;
    private final Consumer<Throwable> errorHandler;
    private final BooleanSupplier tasksPending;
    private final ThreadLocal<IdleStrategy> idleStrategies;
    /** Rings the home thread while it idles on its own (not while it steps aside for a guest). */
    private final Doorbell doorbell = new Doorbell();

    GuestRun(
        final SharedDutyCycle duty, final IdleMode idleMode, final Consumer<Throwable> errorHandler,
        final BooleanSupplier tasksPending)
    {
        this.duty = duty;
        this.idleMode = idleMode;
        this.errorHandler = errorHandler;
        this.tasksPending = tasksPending;
        this.idleStrategies = ThreadLocal.withInitial(() -> io.flotilla.protocol.IdleStrategies.newIdleStrategy(idleMode));
    }

    /**
     * Runs the duty cycle until the future is done, the deadline passes, or another thread runs the cycle.
     *
     * @param deadlineNs    {@link System#nanoTime()} to give up at, or {@link Long#MAX_VALUE}.
     * @param interruptible whether an interrupt ends the wait with an {@link InterruptedException}.
     */
    void awaitLeading(final CompletableFuture<?> future, final long deadlineNs, final boolean interruptible)
        throws InterruptedException
    {
        if (future.isDone())
        {
            return;
        }
        if (duty.runByCurrentThread() || Thread.currentThread() == duty.home())
        {
            throw new IllegalStateException("waiting on a pool's future from inside its I/O duty cycle (a callback " +
                "of another future) would wait for ever: use a *Async stage, or wait on another thread");
        }
        final IdleStrategy idle = idleStrategies.get();
        idle.reset();
        boolean ran = false;
        try
        {
            while (!future.isDone())
            {
                if (Thread.currentThread().isInterrupted())
                {
                    if (interruptible)
                    {
                        Thread.interrupted();
                        throw new InterruptedException();
                    }
                    return; // an interrupted thread must not run Chronicle's file I/O: it would close the channel
                }
                if (Long.MAX_VALUE != deadlineNs && System.nanoTime() - deadlineNs >= 0)
                {
                    return;
                }
                int work;
                try
                {
                    work = duty.runOnce();
                }
                catch (final Throwable ex)
                {
                    errorHandler.accept(ex);
                    work = 0;
                }
                if (SharedDutyCycle.BUSY == work)
                {
                    if (duty.heldByGuest())
                    {
                        return; // another waiting thread runs it: block on the future, it will be completed
                    }
                    idle.idle(0); // the I/O thread's cycle: it is short
                }
                else
                {
                    ran = true;
                    idle.idle(work);
                }
            }
        }
        finally
        {
            if (ran && tasksPending.getAsBoolean())
            {
                doorbell.ring();
            }
        }
    }

    /**
     * Runs one duty cycle on the calling thread if no other runs it now, for a thread that waits for something other
     * than a future (room under the in-flight limit).
     *
     * @return the work done, 0 when another thread runs the cycle or this one is interrupted.
     */
    int runCycleOnce()
    {
        if (Thread.currentThread().isInterrupted() || duty.runByCurrentThread())
        {
            return 0;
        }
        try
        {
            return Math.max(0, duty.runOnce());
        }
        catch (final Throwable ex)
        {
            errorHandler.accept(ex);
            return 0;
        }
    }

    /** A thread that ran the cycle while it waited stops: the home thread takes over if tasks are pending. */
    void left()
    {
        if (tasksPending.getAsBoolean())
        {
            doorbell.ring();
        }
    }

    /**
     * A task was put into a ring: wakes the home thread if it idles and no caller ran the cycle lately, so the task
     * does not wait out a park (a caller that will wait on it runs the cycle itself anyway).
     */
    void taskQueued()
    {
        // while callers keep running the cycle (a submit and join loop) the next one will send it: no wake-up
        if (!duty.guestRanWithin(STEP_ASIDE_NS))
        {
            doorbell.ring();
        }
    }

    /**
     * @return the idle strategy of the home thread: the pool's own, except that it parks instead of spinning or
     * yielding while a guest runs the cycle, so it leaves the cores to the threads with work.
     */
    IdleStrategy homeIdleStrategy()
    {
        final IdleStrategy own = doorbell.around(io.flotilla.protocol.IdleStrategies.newIdleStrategy(idleMode));
        return new IdleStrategy()
        {
            @Override
            public void idle(final int workCount)
            {
                if (workCount <= 0 && duty.guestRanWithin(STEP_ASIDE_NS))
                {
                    // the guest's work was work: when this thread takes over again it backs off from the start;
                    // a guest that leaves with tasks pending, or a task queued after the guests stopped, rings
                    own.reset();
                    doorbell.park(STEP_ASIDE_PARK_NS);
                    return;
                }
                own.idle(workCount);
            }

            @Override
            public void idle()
            {
                own.idle();
            }

            @Override
            public void reset()
            {
                own.reset();
            }

            @Override
            public String alias()
            {
                return "step-aside-" + own.alias();
            }
        };
    }
}
