package io.flotilla.protocol.codec;

import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.HopStamps;
import io.flotilla.protocol.TaskEnvelope;

/**
 * The hop stamps a worker carries from a sampled task to its result ({@link HopStamps}): what came in the task's
 * trailer, and when this worker claimed, started and ended it. One per traced job; the I/O thread reuses one for
 * its inline runs.
 */
public final class TaskTrace
{
    public long submittedNs;
    public long workAppendedNs;
    public long claimedNs;
    public long startedNs;
    public long endedNs;

    /** @return whether the task carries a trace trailer. */
    public static boolean traced(final TaskEnvelope task)
    {
        final int offset = task.payloadOffset() - EnvelopeDescriptor.TASK_HEADER_LENGTH;
        return HopStamps.traced(task.buffer(), offset, task.length()) &&
            task.payloadOffset() + task.payloadLength() + HopStamps.TASK_TRAILER_LENGTH <= offset + task.length();
    }

    /** Takes the task's stamps, and now as its claim. */
    public TaskTrace claimed(final TaskEnvelope task)
    {
        final int trailer = task.payloadOffset() + task.payloadLength();
        submittedNs = task.buffer().getLong(trailer + HopStamps.SUBMITTED);
        workAppendedNs = task.buffer().getLong(trailer + HopStamps.WORK_APPENDED);
        claimedNs = System.nanoTime();
        return this;
    }
}
