package io.flotilla.launcher;

import io.flotilla.protocol.CorruptCountersException;
import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.CountersLayout;
import io.flotilla.protocol.ProcessState;

import java.util.concurrent.TimeUnit;

/**
 * The parent's range checks of what it reads back from {@code counters.dat} while it supervises: everything there
 * may have been overwritten by someone else, and a value out of range must fail the pool with the file and field
 * named, never make the supervisor restart workers for ever or miss a hang. What it checks:
 * <ul>
 *   <li>the parent's own state in the file is what the parent wrote (kept in memory, {@link
 *   CountersFile#writtenState}): workers obey it, so another value makes them stop or run against the parent's
 *   will; a mismatch must hold on two checks in a row, since the parent writes memory first, then the file;</li>
 *   <li>each shard's claim cursor never moves back (it only ever moves forward);</li>
 *   <li>a ready worker's slot: a state its process may hold (READY, EXITED, FAILED), its own pid, the shard it was
 *   bound to, and a heartbeat neither negative, nor older than its launch, nor in the future (with
 *   {@link #CLOCK_SLACK_MS} for clock steps).</li>
 * </ul>
 * Threads: the supervisor only.
 */
final class CountersCheck
{
    /** How far a heartbeat may be off the parent's clock before it counts as corrupt: clock steps happen. */
    static final long CLOCK_SLACK_MS = TimeUnit.MINUTES.toMillis(1);

    private final CountersFile counters;
    private final long[] highestCursors;
    private int parentMismatches;

    CountersCheck(final CountersFile counters)
    {
        this.counters = counters;
        this.highestCursors = new long[counters.shardCount()];
    }

    /**
     * Checks the parent's slot and the claim cursors.
     *
     * @throws CorruptCountersException naming file, field, value found and what was expected.
     */
    void checkPool()
    {
        final ProcessState written = counters.writtenState(CountersLayout.PARENT_SLOT);
        if (null != written)
        {
            final ProcessState inFile = counters.state(CountersLayout.PARENT_SLOT);
            if (inFile != counters.writtenState(CountersLayout.PARENT_SLOT))
            {
                if (++parentMismatches >= 2)
                {
                    throw CorruptCountersException.of(counters.file(), "slot 0 (parent) state", inFile,
                        written + ", what the parent wrote; workers obey this field");
                }
            }
            else
            {
                parentMismatches = 0;
            }
        }
        for (int shard = 0; shard < highestCursors.length; shard++)
        {
            final long cursor = counters.claimCursor(shard);
            if (cursor < highestCursors[shard])
            {
                throw CorruptCountersException.of(counters.file(), "shard " + shard + " claim cursor", cursor,
                    "at least " + highestCursors[shard] + ", its value before (a cursor only moves forward)");
            }
            highestCursors[shard] = cursor;
        }
    }

    /**
     * Checks the slot of a worker that was ready and whose process lives.
     *
     * @param launchEpochMs when the parent launched it, by the parent's clock.
     * @param nowEpochMs    now, by the parent's clock.
     * @return the slot's heartbeat, in range.
     * @throws CorruptCountersException naming file, field, value found and what was expected.
     */
    long checkReadyWorker(
        final int slot, final long pid, final int shard, final long launchEpochMs, final long nowEpochMs)
    {
        final ProcessState state = counters.state(slot);
        if (ProcessState.READY != state && ProcessState.EXITED != state && ProcessState.FAILED != state)
        {
            throw CorruptCountersException.of(counters.file(), "slot " + slot + " state", state,
                "READY, EXITED or FAILED for a worker that was ready and lives, pid=" + pid);
        }
        final long pidInFile = counters.pid(slot);
        if (pidInFile != pid)
        {
            throw CorruptCountersException.of(counters.file(), "slot " + slot + " pid", pidInFile,
                pid + ", the pid of the worker the parent started there");
        }
        final int shardInFile = counters.shardOf(slot);
        if (shardInFile != shard)
        {
            throw CorruptCountersException.of(counters.file(), "slot " + slot + " shard", shardInFile,
                shard + ", the shard the parent bound the slot to");
        }
        final long heartbeat = counters.heartbeatEpochMs(slot);
        if (heartbeat < 0 || heartbeat < launchEpochMs - CLOCK_SLACK_MS || heartbeat > nowEpochMs + CLOCK_SLACK_MS)
        {
            throw CorruptCountersException.of(counters.file(), "slot " + slot + " heartbeat", heartbeat,
                "epoch ms between the worker's launch " + launchEpochMs + " and now " + nowEpochMs + " (give or take " +
                CLOCK_SLACK_MS + " ms)");
        }
        return heartbeat;
    }
}
