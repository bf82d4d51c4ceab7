package io.flotilla.core;

/**
 * A submitted envelope (one task or a chunk) not yet answered: what the parent needs to complete it or to send it
 * again when its worker dies. Fields other than {@code attempt} are fixed; {@code attempt} is written only by the
 * thread that re-dispatches.
 */
final class Pending
{
    final long taskId;
    final int functionId;
    final String functionName;
    final Object[] arguments;
    final int shard;
    final ChunkSink sink;
    /** Epoch ms by which the envelope must be answered, or 0. */
    final long deadlineEpochMs;
    /** The task's timeout, or null for none. */
    final java.time.Duration timeout;
    /** Epoch ns of the first submit, recorded in every attempt for replay. */
    final long submitEpochNs;
    /** {@link System#nanoTime()} of the submit, for hop stamps. */
    final long submittedNs = System.nanoTime();
    volatile int attempt;
    /** The parts of the answer come so far, when it comes in parts; the duty cycle's thread only. */
    ChunkParts parts;
    /**
     * Set once by the thread that cancels the task's future, under this entry's monitor (as is a re-dispatch, so a
     * task sent again after its worker died is either not sent or followed by its cancel record).
     */
    volatile boolean cancelled;

    Pending(final long taskId, final int functionId, final String functionName, final Object[] arguments,
        final int shard, final ChunkSink sink, final long deadlineEpochMs, final java.time.Duration timeout)
    {
        this.taskId = taskId;
        this.functionId = functionId;
        this.functionName = functionName;
        this.arguments = arguments;
        this.shard = shard;
        this.sink = sink;
        this.deadlineEpochMs = deadlineEpochMs;
        this.timeout = timeout;
        this.submitEpochNs = EPOCH_NANOS.nanoTime();
    }

    private static final org.agrona.concurrent.EpochNanoClock EPOCH_NANOS =
        new org.agrona.concurrent.OffsetEpochNanoClock();
}
