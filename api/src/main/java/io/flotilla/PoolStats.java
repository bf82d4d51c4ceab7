package io.flotilla;

import java.util.List;

/**
 * A snapshot of a pool's books, for monitoring from code: what {@code flotilla stat} shows, read from the same
 * counters. Values of different workers are read one after the other, not at one instant.
 *
 * @param pendingTasks tasks submitted whose futures are not complete yet.
 * @param inFlight     tasks held under the pool's in-flight limit.
 * @param cancelled    tasks whose futures were cancelled while the pool still had them (a cancel record went out),
 *                     over the pool's life; -1 where the engine does not know.
 * @param stoppedInWorkers of those, the ones a worker answered as stopped (interrupted, its stage cancelled, or
 *                     never run); the others had ended already or went with a dead worker. -1 where not known.
 * @param workers      one entry per worker slot, in slot order.
 */
public record PoolStats(int pendingTasks, int inFlight, long cancelled, long stoppedInWorkers, List<Worker> workers)
{
    public PoolStats
    {
        workers = List.copyOf(workers);
    }

    /**
     * One worker slot.
     *
     * @param slot      1-based.
     * @param pid       the worker process now in the slot, or 0.
     * @param state     its state as the slot says (STARTING, READY, CLOSING, EXITED, FAILED, FREE), or UNKNOWN.
     * @param claimed   tasks its workers claimed, over the slot's life.
     * @param completed tasks answered with a value.
     * @param failed    tasks answered with an exception.
     * @param starts    worker processes started in the slot: 1 plus the restarts.
     * @param inFlight  tasks the worker holds now (its in-flight table), or -1 where the engine does not know.
     */
    public record Worker(
        int slot, long pid, String state, long claimed, long completed, long failed, long starts, int inFlight)
    {
        /** @return restarts of the slot: starts after the first. */
        public long restarts()
        {
            return Math.max(0, starts - 1);
        }
    }

    /** @return tasks answered by every worker, with a value or an exception. */
    public long answered()
    {
        long sum = 0;
        for (final Worker worker : workers)
        {
            sum += worker.completed() + worker.failed();
        }
        return sum;
    }
}
