package io.flotilla.cluster.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Runs a duty cycle that never re-enters itself. A {@link #run()} while a cycle runs, from a callback inside it or
 * from another thread, only marks that more work came; the thread in the loop runs another cycle for it before it
 * leaves, so nothing marked is lost. At most one thread runs the duty at a time; any thread may call.
 * <p>
 * A callback inside a cycle must not run user code there (it may block on work only a later cycle sends):
 * {@link #answer(Runnable)} keeps such an action until the cycle's thread has left the loop, and runs it then.
 */
final class DrainLoop
{
    private final IntSupplier duty;
    /** Runs asked for and not yet drained; non-zero while a thread is in the loop. */
    private final AtomicInteger requests = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> deferred = new ConcurrentLinkedQueue<>();
    /** The thread running a cycle now, or null; written only by the thread in the loop. */
    private volatile Thread cycling;

    /** @param duty one cycle's work; returns how much it did. */
    DrainLoop(final IntSupplier duty)
    {
        this.duty = duty;
    }

    /** Runs cycles until no run was asked for meanwhile, then the answers kept from them; or marks, if one runs. */
    void run()
    {
        if (0 != requests.getAndIncrement())
        {
            return; // the thread in the loop runs another cycle for this call
        }
        int missed = 1;
        try
        {
            do
            {
                cycling = Thread.currentThread();
                duty.getAsInt();
                cycling = null;
                missed = requests.addAndGet(-missed);
            }
            while (0 != missed);
        }
        catch (final RuntimeException | Error ex)
        {
            // a cycle that threw must not stop every later one: the work it left waits for the next run
            cycling = null;
            requests.set(0);
            throw ex;
        }
        finally
        {
            runDeferred();
        }
    }

    /** Runs the action now, or, when called from inside a cycle, once this thread has left the loop. */
    void answer(final Runnable action)
    {
        if (Thread.currentThread() == cycling)
        {
            deferred.add(action);
        }
        else
        {
            action.run();
        }
    }

    /** @return whether the calling thread is inside a cycle now. */
    boolean inCycle()
    {
        return Thread.currentThread() == cycling;
    }

    private void runDeferred()
    {
        Runnable action;
        while (null != (action = deferred.poll()))
        {
            action.run();
        }
    }
}
