package io.flotilla.core;

import io.flotilla.protocol.BlobRef;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.HopStamps;
import io.flotilla.protocol.ParentTransport;
import io.flotilla.protocol.TaskEnvelope;
import io.flotilla.protocol.codec.ScratchBuffers;
import io.flotilla.protocol.codec.JavaValues;
import io.flotilla.protocol.codec.PoolTypes;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.function.BooleanSupplier;

/**
 * Encodes a pending task as an envelope (header, arguments, and every {@code traceHops}-th task a hop-stamp trailer)
 * and puts it on its shard's ring, waiting for room while the pool can still send.
 */
final class TaskWriter
{
    private final ParentTransport transport;
    private final PoolTypes types;
    private final ScratchBuffers scratch;
    private final int traceHops;
    private final GuestRun guestRun;
    private final BooleanSupplier canSend;
    /** Where large arguments go, or null when the pool has no blob region. */
    private final BlobArguments blobs;

    /**
     * @param traceHops every how many tasks carry hop stamps, or 0 for none.
     * @param canSend   whether the pool can still send: false once it closed or failed.
     * @param blobs     where large arguments go, or null for none.
     */
    TaskWriter(
        final ParentTransport transport, final PoolTypes types, final ScratchBuffers scratch, final int traceHops,
        final GuestRun guestRun, final BooleanSupplier canSend, final BlobArguments blobs)
    {
        this.blobs = blobs;
        this.transport = transport;
        this.types = types;
        this.scratch = scratch;
        this.traceHops = traceHops;
        this.guestRun = guestRun;
        this.canSend = canSend;
    }

    /**
     * @return true once the envelope is on its shard's ring; false when the pool stopped before the ring took it.
     */
    boolean write(final Pending entry)
    {
        final ExpandableDirectByteBuffer buffer = scratch.acquire();
        try
        {
            return writeWith(buffer, entry);
        }
        finally
        {
            scratch.release(buffer);
        }
    }

    private boolean writeWith(final ExpandableDirectByteBuffer buffer, final Pending entry)
    {
        int at = EnvelopeDescriptor.TASK_HEADER_LENGTH;
        final long inBlob = null == blobs ? -1 : blobs.encode(entry);
        byte flags = 0;
        if (inBlob >= 0)
        {
            final int slot = (int)(inBlob >>> 32);
            at = BlobRef.put(buffer, at, slot, (int)inBlob, blobs.lease(slot));
            flags |= BlobRef.BLOB;
        }
        else
        {
            for (final Object argument : entry.arguments)
            {
                at = JavaValues.encode(buffer, at, argument, types);
            }
        }
        TaskEnvelope.encodeHeader(buffer, 0, entry.attempt, entry.functionId, entry.taskId, entry.arguments.length,
            entry.deadlineEpochMs, entry.submitEpochNs, at - EnvelopeDescriptor.TASK_HEADER_LENGTH);
        final EnvelopeRing ring = transport.shardRing(entry.shard);
        if (0 != traceHops && 0 == entry.taskId % traceHops &&
            at + HopStamps.TASK_TRAILER_LENGTH <= ring.maxEnvelopeLength())
        {
            flags |= HopStamps.TRACED;
            at = HopStamps.putTaskTrailer(buffer, at, entry.submittedNs);
        }
        buffer.putByte(EnvelopeDescriptor.TASK_FLAGS_OFFSET, flags);
        while (!ring.write(buffer, 0, at))
        {
            if (!canSend.getAsBoolean())
            {
                if (inBlob >= 0)
                {
                    blobs.release((int)(inBlob >>> 32));
                }
                return false;
            }
            Thread.yield();
        }
        // only this envelope in the ring: nothing else is on its way, so its submitter may send it itself
        guestRun.taskQueued(ring.size() <= org.agrona.BitUtil.align(
            at + org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH,
            org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT));
        return true;
    }
}
