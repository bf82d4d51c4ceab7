package io.flotilla.launcher;

import java.util.function.Consumer;

/**
 * A launcher listener for tests that hands every event to a sink: a {@link WorkerDeath}, {@code "restarted <slot>
 * <pid>"}, or the {@link WorkerStartException} that failed the pool.
 */
final class RecordingListener implements WorkerLauncher.Listener
{
    private final Consumer<Object> sink;

    RecordingListener(final Consumer<Object> sink)
    {
        this.sink = sink;
    }

    @Override
    public void onWorkerDeath(final WorkerDeath death)
    {
        sink.accept(death);
    }

    @Override
    public void onWorkerRestarted(final int slot, final long pid)
    {
        sink.accept("restarted " + slot + " " + pid);
    }

    @Override
    public void onPoolFailure(final WorkerStartException failure)
    {
        sink.accept(failure);
    }
}
