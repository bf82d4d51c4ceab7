package io.flotilla;

/**
 * A named long in the pool's shared memory that the parent and every worker update atomically: a tally for a
 * map/reduce without sending it back with each result. Create it in the parent with {@link Pool#sharedCounter};
 * tasks reach it with {@link WorkerContext#sharedCounter}. At most 256 per pool; names of 1 to 52 UTF-8 bytes.
 * Every method throws {@link IllegalStateException} once the pool (or the worker) has closed its counters file.
 */
public interface SharedCounter
{
    /** @return the counter's name. */
    String name();

    /** @return the current value (a volatile read). */
    long get();

    /** Sets the value (a volatile write). */
    void set(long value);

    /** @return the value after adding {@code delta} atomically. */
    long addAndGet(long delta);

    /** @return the value after adding one atomically. */
    default long incrementAndGet()
    {
        return addAndGet(1);
    }

    /** @return whether the value was {@code expected} and is now {@code update}. */
    boolean compareAndSet(long expected, long update);
}
