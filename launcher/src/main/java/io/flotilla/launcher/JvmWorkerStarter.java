package io.flotilla.launcher;

import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;

/**
 * Starts a worker JVM in a slot: marks the slot STARTING in {@code counters.dat}, binds it to its shard, counts the
 * start, then takes a warm spare JVM when {@link SpareWorkers} has one that fits, or spawns a new JVM.
 */
final class JvmWorkerStarter implements WorkerStarter
{
    private final PoolDirectory directory;
    private final CountersFile counters;
    private final LaunchConfig config;
    private final SpareWorkers spares;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;

    /** @param spares may be null: every worker is a new JVM. */
    JvmWorkerStarter(
        final PoolDirectory directory,
        final CountersFile counters,
        final LaunchConfig config,
        final SpareWorkers spares,
        final NanoClock nanoClock,
        final EpochClock epochClock)
    {
        this.directory = directory;
        this.counters = counters;
        this.config = config;
        this.spares = spares;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
    }

    @Override
    public void start(final WorkerSlot worker)
    {
        final int slot = worker.slot();
        counters.shardOf(slot, worker.shard());
        counters.state(slot, ProcessState.STARTING);
        counters.addStart(slot);
        final WorkerProcess spare = null == spares ? null : spares.take(config, directory.path(), slot, worker.log());
        if (null != spare)
        {
            worker.started(spare, nanoClock.nanoTime(), epochClock.time());
            return;
        }
        final JvmCommand command = config.commandFor(directory.path(), slot);
        final WorkerProcess process;
        try
        {
            process = WorkerProcess.spawn(command, worker.log(), "worker-" + slot, config.outputLevel());
        }
        catch (final IOException ex)
        {
            throw new WorkerStartException("cannot start worker: slot=" + slot + ", command=" + command +
                ", problem=" + ex.getMessage());
        }
        worker.started(process, nanoClock.nanoTime(), epochClock.time());
    }
}
