package io.flotilla.core;

import io.flotilla.protocol.BlobRef;
import io.flotilla.protocol.BlobRegion;
import io.flotilla.protocol.ResultEnvelope;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The parent's side of results whose payload lies in a {@link BlobRegion} slot: it takes the slot from the worker that
 * wrote it (a compare-and-set on its lease word, so nobody else may touch it), hands its data to the decoder and then
 * frees it. A result whose slot no longer holds its lease was answered by a dead worker whose slots the parent took
 * back: its task was sent again, and the later attempt answers. The I/O duty cycle only.
 */
final class BlobResults
{
    /** {@link #take}: the result's payload is in its envelope. */
    static final int IN_ENVELOPE = -1;
    /** {@link #take}: the result names a slot that does not hold its lease. */
    static final int NOT_HELD = -2;

    private final BlobRegion region;

    BlobResults(final BlobRegion region)
    {
        this.region = region;
    }

    /** @return the slot now held for reading, {@link #IN_ENVELOPE} or {@link #NOT_HELD}. */
    static int take(final BlobResults blobs, final ResultEnvelope result)
    {
        if (!BlobRef.carried(result.flags(), result.payloadLength()))
        {
            return IN_ENVELOPE;
        }
        if (null == blobs)
        {
            return NOT_HELD;
        }
        final int at = result.payloadOffset();
        final int slot = BlobRef.slot(result.buffer(), at);
        return 0 == blobs.region.take(slot, BlobRef.lease(result.buffer(), at), BlobRef.length(result.buffer(), at),
            BlobRegion.READER) ? NOT_HELD : slot;
    }

    UnsafeBuffer data(final int slot)
    {
        return region.data(slot);
    }

    void release(final int slot)
    {
        region.release(slot);
    }

    /** Takes back the slots a dead worker's in-flight task held. */
    void reclaim(final long taskId, final int workerSlot)
    {
        region.reclaim(taskId, workerSlot);
    }

    /** @return what the result's reference names and what the slot holds, for messages. */
    static String describe(final BlobResults blobs, final ResultEnvelope result)
    {
        final int at = result.payloadOffset();
        return null == blobs ? "no blob file" :
            blobs.region.describe(BlobRef.slot(result.buffer(), at), BlobRef.lease(result.buffer(), at));
    }
}
