package io.flotilla.tools;

import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.PoolDirectory;

import java.nio.file.Path;

/** How many tasks a worker holds now: its in-flight table in the pool's {@code counters.dat}. */
final class WorkerInFlight
{
    private WorkerInFlight()
    {
    }

    /** @return the task ids in the in-flight table of that slot (1-based). */
    static int of(final Path poolDir, final int slot)
    {
        try (CountersFile counters = CountersFile.open(poolDir.resolve(PoolDirectory.COUNTERS_FILE)))
        {
            return counters.inFlightTable(slot).forEach(taskId ->
            {
            });
        }
    }
}
