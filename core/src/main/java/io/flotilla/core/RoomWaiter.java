package io.flotilla.core;

import io.flotilla.PoolConfig;
import io.flotilla.protocol.IdleStrategies;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Takes room for one envelope under maxInFlight, waiting for it when there is none: the waiting thread runs the
 * pool's duty cycle meanwhile (answers come in and free room), and gives up after submitTimeout, when interrupted,
 * when the pool closes, or at once on one of the pool's own threads (it would wait on itself).
 */
final class RoomWaiter
{
    private final PoolConfig config;
    private final InFlightLimit inFlight;
    private final GuestRun guestRun;
    private final PoolLifecycle lifecycle;
    private final BooleanSupplier onPoolThread;

    RoomWaiter(
        final PoolConfig config, final InFlightLimit inFlight, final GuestRun guestRun, final PoolLifecycle lifecycle,
        final BooleanSupplier onPoolThread)
    {
        this.config = config;
        this.inFlight = inFlight;
        this.guestRun = guestRun;
        this.lifecycle = lifecycle;
        this.onPoolThread = onPoolThread;
    }

    /**
     * @throws RejectedExecutionException naming the limit, when no room came in time, the caller was interrupted or
     *                                    is one of the pool's own threads.
     * @throws IllegalStateException      when the pool closed or failed meanwhile.
     */
    void takeRoom()
    {
        if (inFlight.tryTake())
        {
            return;
        }
        if (onPoolThread.getAsBoolean())
        {
            throw new RejectedExecutionException("pool full and a submit from one of its own threads (a callback) " +
                "cannot wait for room: maxInFlight=" + inFlight.max() + ", poolId=" + config.poolId());
        }
        final long deadlineNs = System.nanoTime() + config.submitTimeout().toNanos();
        final IdleStrategy idle = IdleStrategies.newIdleStrategy(config.idleMode());
        try
        {
            while (!inFlight.tryTake())
            {
                lifecycle.checkOpen();
                if (Thread.currentThread().isInterrupted())
                {
                    throw new RejectedExecutionException("interrupted while waiting for room in the pool: " +
                        "maxInFlight=" + inFlight.max() + ", poolId=" + config.poolId());
                }
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new RejectedExecutionException("pool full: maxInFlight=" + inFlight.max() +
                        " envelopes in flight for submitTimeout=" + config.submitTimeout() + ", poolId=" +
                        config.poolId());
                }
                idle.idle(guestRun.runCycleOnce());
            }
        }
        finally
        {
            guestRun.left();
        }
    }
}
