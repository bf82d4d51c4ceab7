package io.flotilla.worker;

import io.flotilla.protocol.BlobRef;
import io.flotilla.protocol.BlobRegion;
import io.flotilla.protocol.TaskEnvelope;
import org.agrona.DirectBuffer;

/**
 * Where a claimed task's encoded arguments are: in its envelope, or in a {@link BlobRegion} slot the envelope names,
 * which this worker then takes from the parent (a compare-and-set on the slot's lease word) and holds until its result
 * is written. Reused by the I/O thread for each claim.
 */
final class TaskArguments
{
    private final BlobRegion region;
    private final int workerSlot;
    DirectBuffer buffer;
    int offset;
    /** The slot held for the task, or -1. */
    int blobSlot;
    /** The lease word this worker holds the slot under. */
    long blobLease;
    /** Why the task's slot could not be taken, or null. */
    String problem;

    /**
     * @param region the pool's blob region, or null when it has none.
     */
    TaskArguments(final BlobRegion region, final int workerSlot)
    {
        this.region = region;
        this.workerSlot = workerSlot;
    }

    /** @return false when the envelope names a slot that does not hold it ({@link #problem} says why). */
    boolean resolve(final TaskEnvelope task)
    {
        problem = null;
        blobSlot = -1;
        blobLease = 0;
        if (!BlobRef.carried(task.flags(), task.payloadLength()))
        {
            buffer = task.buffer();
            offset = task.payloadOffset();
            return true;
        }
        final int at = task.payloadOffset();
        final int slot = BlobRef.slot(task.buffer(), at);
        final long lease = BlobRef.lease(task.buffer(), at);
        final long held = null == region ? 0 :
            region.take(slot, lease, BlobRef.length(task.buffer(), at), workerSlot);
        if (0 == held)
        {
            problem = "task arguments no longer in their blob slot (the task was sent again after a worker died): " +
                "taskId=" + task.taskId() + ", attempt=" + task.attempt() + ", " +
                (null == region ? "no blob file" : region.describe(slot, lease));
            return false;
        }
        buffer = region.data(slot);
        offset = 0;
        blobSlot = slot;
        blobLease = held;
        return true;
    }
}
