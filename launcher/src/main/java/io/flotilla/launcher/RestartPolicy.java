package io.flotilla.launcher;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Decides whether a slot whose worker ended gets a new one: now, after a back-off, or never (the pool fails). Pure:
 * the caller passes the time ({@code nowNs}, any monotonic clock), and nothing here starts processes or threads.
 * <ul>
 *   <li>a retired worker (its share of tasks done) is a planned replacement: restarted now, counted nowhere;</li>
 *   <li>a worker that died before it was ready is a failed start; {@code maxStartFailures} of them in a row give up
 *   (a ready worker resets the count, {@link SlotHistory#ready()});</li>
 *   <li>every other restart (after a death, a hang or a failed start) counts against the pool-wide rate:
 *   {@code maxRestartsPerWindow} within {@code windowNs} give up;</li>
 *   <li>after a failed start, the next start waits until {@code backoffNs} after the last one.</li>
 * </ul>
 * During the pool's start ({@link #onStartFailure}) only the start-failure budget holds.
 * <p>
 * Threads: one at a time (the pool's starter, then its supervisor).
 */
final class RestartPolicy
{
    /** How a slot's worker ended, as far as restarting it goes. */
    enum Ending
    {
        EXITED_BEFORE_READY,
        DIED_AFTER_READY,
        HUNG,
        RETIRED
    }

    private final int maxStartFailures;
    private final int maxRestartsPerWindow;
    private final long windowNs;
    private final long backoffNs;
    private final ArrayDeque<Long> restartTimesNs = new ArrayDeque<>();

    RestartPolicy(final int maxStartFailures, final int maxRestartsPerWindow, final long windowNs, final long backoffNs)
    {
        if (maxStartFailures < 1 || maxRestartsPerWindow < 0 || windowNs <= 0 || backoffNs < 0)
        {
            throw new IllegalArgumentException("restart policy out of range: maxStartFailures=" + maxStartFailures +
                ", maxRestartsPerWindow=" + maxRestartsPerWindow + ", windowNs=" + windowNs + ", backoffNs=" +
                backoffNs);
        }
        this.maxStartFailures = maxStartFailures;
        this.maxRestartsPerWindow = maxRestartsPerWindow;
        this.windowNs = windowNs;
        this.backoffNs = backoffNs;
    }

    /** The limits of {@code config}, restarting without a back-off. */
    static RestartPolicy of(final LaunchConfig config)
    {
        return new RestartPolicy(config.maxStartFailures(), config.maxRestartsPerWindow(),
            LaunchConfig.RESTART_WINDOW.toNanos(), 0);
    }

    /**
     * A supervised worker ended; records a failed start in {@code history} and the restart in the pool's rate.
     *
     * @param slot for the message.
     */
    RestartDecision onDeath(final int slot, final SlotHistory history, final Ending ending, final long nowNs)
    {
        if (Ending.RETIRED == ending)
        {
            return RestartDecision.NOW;
        }
        if (Ending.EXITED_BEFORE_READY == ending)
        {
            history.failedStart();
        }
        while (!restartTimesNs.isEmpty() && nowNs - restartTimesNs.peekFirst() > windowNs)
        {
            restartTimesNs.pollFirst();
        }
        if (history.consecutiveFailedStarts() >= maxStartFailures)
        {
            return RestartDecision.giveUp("worker died before it was ready " + history.consecutiveFailedStarts() +
                " times in a row: slot=" + slot + ", maxStartFailures=" + maxStartFailures);
        }
        if (restartTimesNs.size() >= maxRestartsPerWindow)
        {
            return RestartDecision.giveUp("too many worker restarts: restarts=" + restartTimesNs.size() + " within " +
                Duration.ofNanos(windowNs) + ", maxRestartsPerWindow=" + maxRestartsPerWindow);
        }
        restartTimesNs.addLast(nowNs);
        return afterBackoff(history, nowNs);
    }

    /** A worker died before it was ready while the pool starts; records the failed start in {@code history}. */
    RestartDecision onStartFailure(final SlotHistory history, final long nowNs)
    {
        final int failures = history.failedStart();
        if (failures >= maxStartFailures)
        {
            return RestartDecision.giveUp("worker exited before it was ready " + failures + " times in a row " +
                "(maxStartFailures=" + maxStartFailures + ")");
        }
        return afterBackoff(history, nowNs);
    }

    /** @return restarts counted in the window that ends now. */
    int restartsInWindow(final long nowNs)
    {
        int count = 0;
        for (final long timeNs : restartTimesNs)
        {
            if (nowNs - timeNs <= windowNs)
            {
                count++;
            }
        }
        return count;
    }

    private RestartDecision afterBackoff(final SlotHistory history, final long nowNs)
    {
        if (0 == history.consecutiveFailedStarts())
        {
            return RestartDecision.NOW;
        }
        final long waitNs = history.lastStartNs() + backoffNs - nowNs;
        return waitNs > 0 ? RestartDecision.after(waitNs) : RestartDecision.NOW;
    }
}
