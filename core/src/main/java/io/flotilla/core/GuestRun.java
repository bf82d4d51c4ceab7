package io.flotilla.core;

import io.flotilla.protocol.Doorbell;
import io.flotilla.protocol.IdleStrategies;
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
    /**
     * Longest sleep of a waiting caller on the pool's bell: a result rings it at once, a future failed by another
     * thread (a deadline, a dead worker) is seen within this.
     */
    static final long GUEST_SLEEP_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final SharedDutyCycle duty;
    private final IdleMode idleMode;
    private final Consumer<Throwable> errorHandler;
    private final BooleanSupplier tasksPending;
    /** A waiting caller's idle strategies: one for its own cycles, one while another thread runs the cycle. */
    private final ThreadLocal<IdleStrategy[]> idleStrategies;
    /**
     * Rings the home thread while it idles on its own or steps aside for a guest; with the pool's shared bell, it also
     * wakes threads asleep on the bell, which the workers ring after writing results.
     */
    private final Doorbell doorbell;
    /** A submitter sends its own task at most once in this long; more often, it is a stream the home thread batches. */
    static final long SUBMITTER_SEND_GAP_NS = TimeUnit.MICROSECONDS.toNanos(100);
    /** {@link System#nanoTime()} when a submitter last sent its task itself; racy by design (a hint). */
    private volatile long lastSendBySubmitterNs = System.nanoTime() - SUBMITTER_SEND_GAP_NS - 1;
    /** Set before the home thread is stopped: it then parks in short slices, which its runner's interrupt ends. */
    private volatile boolean homeStopping;

    GuestRun(
        final SharedDutyCycle duty, final Doorbell doorbell, final IdleMode idleMode,
        final Consumer<Throwable> errorHandler, final BooleanSupplier tasksPending)
    {
        this.duty = duty;
        this.doorbell = doorbell;
        this.idleMode = idleMode;
        this.errorHandler = errorHandler;
        this.tasksPending = tasksPending;
        this.idleStrategies = ThreadLocal.withInitial(() -> new IdleStrategy[] {
            IdleStrategies.newIdleStrategy(idleMode, doorbell, GUEST_SLEEP_NS),
            IdleStrategies.newIdleStrategy(idleMode) });
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
        final IdleStrategy[] strategies = idleStrategies.get();
        final IdleStrategy idle = strategies[0];
        final IdleStrategy whileBusy = strategies[1];
        idle.reset();
        whileBusy.reset();
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
                    // the I/O thread's cycle: it is short, and what it completes rings no bell
                    idle.reset();
                    whileBusy.idle(0);
                }
                else
                {
                    ran = true;
                    whileBusy.reset();
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
    void taskQueued(final boolean alone)
    {
        // while callers keep running the cycle (a submit and join loop) the next one will send it: no wake-up
        if (duty.guestRanWithin(STEP_ASIDE_NS))
        {
            return;
        }
        // else a lone task's submitter sends it itself if the cycle is free: it goes out now, with no thread to wake
        // on this side, and the home thread, asleep on the bell, is woken by the worker's ring for the result. A
        // stream of submits (a map) rings the home thread instead, which sends them in batches.
        final long nowNs = System.nanoTime();
        if (alone && nowNs - lastSendBySubmitterNs > SUBMITTER_SEND_GAP_NS &&
            !Thread.currentThread().isInterrupted() && !duty.runByCurrentThread() &&
            Thread.currentThread() != duty.home())
        {
            lastSendBySubmitterNs = nowNs;
            try
            {
                // without a bell the home thread would see the result only when its park ends: it is rung anyway
                if (SharedDutyCycle.BUSY != duty.runOnce(false) && null != doorbell.shared())
                {
                    return;
                }
            }
            catch (final Throwable ex)
            {
                errorHandler.accept(ex);
            }
        }
        doorbell.ring();
    }

    /**
     * The home thread is about to be stopped: it no longer sleeps on the bell (a thread asleep in the kernel does not
     * see its runner's interrupt), and is woken now if it does.
     */
    void stopHome()
    {
        homeStopping = true;
        doorbell.ring();
    }

    /**
     * @return the idle strategy of the home thread: the pool's own, except that it parks instead of spinning or
     * yielding while a guest runs the cycle, so it leaves the cores to the threads with work.
     */
    IdleStrategy homeIdleStrategy()
    {
        final IdleStrategy own = IdleStrategies.newIdleStrategy(idleMode, doorbell, IdleStrategies.BELL_SLEEP_NS);
        return new IdleStrategy()
        {
            @Override
            public void idle(final int workCount)
            {
                if (homeStopping)
                {
                    own.reset();
                    doorbell.park(STEP_ASIDE_NS);
                    return;
                }
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
