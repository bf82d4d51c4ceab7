package io.flotilla.internal;

import io.flotilla.ipc.EnvelopeDescriptor;
import io.flotilla.ipc.HopStamps;
import io.flotilla.ipc.TaskEnvelope;

/**
 * The hop stamps a worker carries from a sampled task to its result ({@link HopStamps}): what came in the task's
 * trailer, and when this worker claimed, started and ended it. One per traced job; the I/O thread reuses one for
 * its inline runs.
 */
final class TaskTrace
{
    long submittedNs;
    long workAppendedNs;
    long claimedNs;
    long startedNs;
    long endedNs;

    /** @return whether the task carries a trace trailer. */
    static boolean traced(final TaskEnvelope task)
    {
        final int offset = task.payloadOffset() - EnvelopeDescriptor.TASK_HEADER_LENGTH;
        return HopStamps.traced(task.buffer(), offset, task.length()) &&
            task.payloadOffset() + task.payloadLength() + HopStamps.TASK_TRAILER_LENGTH <= offset + task.length();
    }

    /** Takes the task's stamps, and now as its claim. */
    TaskTrace claimed(final TaskEnvelope task)
    {
        final int trailer = task.payloadOffset() + task.payloadLength();
        submittedNs = task.buffer().getLong(trailer + HopStamps.SUBMITTED);
        workAppendedNs = task.buffer().getLong(trailer + HopStamps.WORK_APPENDED);
        claimedNs = System.nanoTime();
        return this;
    }
}
