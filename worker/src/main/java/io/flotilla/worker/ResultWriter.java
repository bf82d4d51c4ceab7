package io.flotilla.worker;

import io.flotilla.protocol.codec.ResultEncoding;
import io.flotilla.protocol.codec.TaskTrace;

import io.flotilla.protocol.BlobPolicy;
import io.flotilla.protocol.BlobRef;
import io.flotilla.protocol.BlobRegion;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.HopStamps;
import io.flotilla.protocol.ResultEnvelope;
import io.flotilla.protocol.ResultPart;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Encodes a worker's answer to one envelope (every item's value or exception record) and puts it into the result
 * ring. Every envelope gets an answer: exception records too large for the envelope are cut short, a result too large
 * becomes a failure saying so, and a value whose encoding throws becomes a failure naming the error. Thread-safe: the
 * caller brings the scratch buffer.
 */
final class ResultWriter
{
    private static final System.Logger LOGGER = System.getLogger(ResultWriter.class.getName());
    /** What {@code encode} returns when the chunk's items do not fit in one envelope together. */
    private static final int IN_PARTS = -2;

    private final EnvelopeRing resultRing;
    private final int slot;
    private final EpochNanoClock clock;
    /** The pool's payload limit for the encoded values of one envelope, or 0 for the ring's own. */
    private int maxPayload;

    /** The pool's blob region, or null when it has none. */
    private BlobRegion blobs;

    ResultWriter(final EnvelopeRing resultRing, final int slot, final EpochNanoClock clock)
    {
        this.resultRing = resultRing;
        this.slot = slot;
        this.clock = clock;
    }

    /**
     * Holds results to the pool's one payload limit ({@code pool.properties}), the same one arguments are held to;
     * before any task runs. 0 keeps the ring's own limit.
     */
    void payloadLimit(final int maxPayload)
    {
        this.maxPayload = Math.max(0, maxPayload);
    }

    /** Large results go into slots of this region; before any task runs. */
    void blobs(final BlobRegion region)
    {
        this.blobs = region;
    }

    /**
     * @param whenFull run while the ring has no room: a task thread yields, the I/O thread drains the ring itself.
     */
    void write(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final long startNs,
        final int items, final int inFlightIndex, final Object[] values, final Throwable[] errors,
        final boolean timedOut, final TaskTrace trace, final Runnable whenFull)
    {
        write(buffer, taskId, attempt, startNs, items, inFlightIndex, values, errors, timedOut, trace, whenFull, -1, 0);
    }

    /**
     * Answers a task whose arguments' blob slot the parent had taken back: every item fails with the reason, and the
     * envelope is marked {@link BlobRef#STALE}, so the parent drops it when a later attempt of the task is pending.
     */
    void writeStale(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final int items,
        final int inFlightIndex, final String problem, final Runnable whenFull)
    {
        final Throwable[] errors = new Throwable[items];
        Arrays.fill(errors, new IllegalStateException(problem));
        int length = encode(buffer, taskId, attempt, clock.nanoTime(), items, inFlightIndex, new Object[items], errors,
            false, null);
        if (IN_PARTS == length)
        {
            writeParts(buffer, taskId, attempt, clock.nanoTime(), items, inFlightIndex, new Object[items], errors, false,
                whenFull);
            return;
        }
        buffer.putByte(EnvelopeDescriptor.RESULT_FLAGS_OFFSET,
            (byte)(buffer.getByte(EnvelopeDescriptor.RESULT_FLAGS_OFFSET) | BlobRef.STALE));
        while (!resultRing.write(buffer, 0, length))
        {
            whenFull.run();
        }
    }

    /**
     * Answers a cancelled task: a {@link EnvelopeDescriptor#STATUS_CANCELLED} envelope with no payload, whatever it
     * computed (the parent's future is cancelled already). The arguments' blob slot, if held, is freed.
     *
     * @param blobSlot the blob slot this worker holds for the task's arguments, or -1.
     */
    void writeCancelled(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final long startNs,
        final int items, final int inFlightIndex, final int blobSlot, final Runnable whenFull)
    {
        if (blobSlot >= 0 && null != blobs)
        {
            blobs.release(blobSlot);
        }
        final int length = ResultEnvelope.encodeHeader(buffer, 0, EnvelopeDescriptor.STATUS_CANCELLED, attempt, slot,
            taskId, startNs, clock.nanoTime(), items, inFlightIndex, 0);
        while (!resultRing.write(buffer, 0, length))
        {
            whenFull.run();
        }
    }

    /**
     * @param blobSlot  the blob slot this worker holds for the task's arguments, or -1: the result goes into it when it
     *                  fits, else the slot is freed here.
     * @param blobLease the lease word the slot is held under.
     */
    void write(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final long startNs,
        final int items, final int inFlightIndex, final Object[] values, final Throwable[] errors,
        final boolean timedOut, final TaskTrace trace, final Runnable whenFull, final int blobSlot,
        final long blobLease)
    {
        int length = null == blobs ? -1 :
            encodeInBlob(buffer, taskId, attempt, startNs, items, inFlightIndex, values, errors, trace, blobSlot,
            blobLease);
        if (length < 0)
        {
            if (blobSlot >= 0)
            {
                blobs.release(blobSlot);
            }
            length = encodeInEnvelope(buffer, taskId, attempt, startNs, items, inFlightIndex, values, errors,
                timedOut, trace);
            if (IN_PARTS == length)
            {
                writeParts(buffer, taskId, attempt, startNs, items, inFlightIndex, values, errors, timedOut, whenFull);
                return;
            }
            if (length < 0)
            {
                return;
            }
        }
        while (!resultRing.write(buffer, 0, length))
        {
            whenFull.run();
        }
    }

    /**
     * Puts every item's value into a blob slot (the arguments' one, or one leased now for a large result) and the
     * envelope, with a reference to it, into {@code buffer}.
     *
     * @return the envelope's length, or -1 when the result goes in the envelope instead (an item failed, the values
     * are small, no slot is free, or they do not fit); a slot leased here is freed again then.
     */
    private int encodeInBlob(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final long startNs,
        final int items, final int inFlightIndex, final Object[] values, final Throwable[] errors,
        final TaskTrace trace, final int blobSlot, final long blobLease)
    {
        for (int i = 0; i < items; i++)
        {
            if (null != errors[i])
            {
                return -1;
            }
        }
        if (!BlobPolicy.cannotOverrun(values, items, 1, blobs.capacity()))
        {
            return -1;
        }
        int blob = blobSlot;
        long lease = blobLease;
        if (blob < 0)
        {
            if (!BlobPolicy.large(BlobPolicy.lowerBound(values, items)) || (blob = blobs.lease(taskId, slot)) < 0)
            {
                return -1;
            }
            lease = blobs.leaseWord(blob);
        }
        final UnsafeBuffer data = blobs.data(blob);
        int at = 0;
        try
        {
            for (int i = 0; i < items; i++)
            {
                at = ResultEncoding.encodeItem(data, at, values[i], null);
            }
        }
        catch (final Throwable tooLargeOrFailed)
        {
            at = Integer.MAX_VALUE;
        }
        if ((long)at > blobPayloadLimit(items))
        {
            if (blobSlot < 0)
            {
                blobs.release(blob);
            }
            return -1;
        }
        ResultEnvelope.encodeHeader(buffer, 0, EnvelopeDescriptor.STATUS_OK, attempt, slot, taskId, startNs,
            clock.nanoTime(), items, inFlightIndex, BlobRef.LENGTH);
        int length = BlobRef.put(buffer, EnvelopeDescriptor.RESULT_HEADER_LENGTH, blob, at, lease);
        byte flags = BlobRef.BLOB;
        if (null != trace)
        {
            flags |= HopStamps.TRACED;
            length = HopStamps.putResultTrailer(buffer, length, trace.submittedNs, trace.workAppendedNs,
                trace.claimedNs, trace.startedNs, trace.endedNs);
        }
        buffer.putByte(EnvelopeDescriptor.RESULT_FLAGS_OFFSET, flags);
        return length;
    }

    /** @return the most bytes the encoded items of a result may take. */
    private long blobPayloadLimit(final int items)
    {
        return 0 == maxPayload ? resultRing.maxEnvelopeLength() - EnvelopeDescriptor.RESULT_HEADER_LENGTH :
            (long)maxPayload + items;
    }

    /** @return the envelope's length, or -1 when even a failure could not be encoded (logged). */
    private int encodeInEnvelope(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final long startNs,
        final int items, final int inFlightIndex, final Object[] values, final Throwable[] errors,
        final boolean timedOut, final TaskTrace trace)
    {
        int length;
        try
        {
            length = encode(buffer, taskId, attempt, startNs, items, inFlightIndex, values, errors, timedOut, trace);
        }
        catch (final Throwable ex)
        {
            // a value's encoding threw: the envelope still gets an answer, every item failing with the reason
            final Throwable[] failed = new Throwable[items];
            Arrays.fill(failed, new IllegalStateException("result could not be encoded: taskId=" + taskId +
                ", slot=" + slot + ", error=" + ex));
            try
            {
                length = encode(buffer, taskId, attempt, startNs, items, inFlightIndex, new Object[items], failed,
                    timedOut, trace);
            }
            catch (final Throwable again)
            {
                LOGGER.log(System.Logger.Level.ERROR, "result lost, its task is sent again if this worker dies: " +
                    "taskId=" + taskId + ", slot=" + slot, again);
                return -1;
            }
        }
        return length;
    }

    /**
     * Answers a chunk whose results do not fit in one envelope in several, in item order ({@link ResultPart}): each
     * part as many items as fit, an item too large on its own failing with the reason; only the last part frees the
     * in-flight entry.
     */
    private void writeParts(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final long startNs,
        final int items, final int inFlightIndex, final Object[] values, final Throwable[] errors,
        final boolean timedOut, final Runnable whenFull)
    {
        final int limit = envelopeLimit(items);
        final int itemsAt = EnvelopeDescriptor.RESULT_HEADER_LENGTH + ResultPart.PREFIX_LENGTH;
        int first = 0;
        while (first < items)
        {
            int at = itemsAt;
            int next = first;
            boolean failed = false;
            while (next < items)
            {
                final int before = at;
                at = encodeItemOrFailure(buffer, at, values[next], errors[next]);
                if (at > limit && next > first)
                {
                    at = before; // the next part starts with this item
                    break;
                }
                if (at > limit)
                {
                    at = ResultEncoding.encodeCompactError(buffer, before, new IllegalStateException(
                        "result too large: bytes=" + (at - before - 1) + ", maxPayload=" + (limit - itemsAt)));
                    errors[next] = new IllegalStateException("result too large");
                }
                failed |= null != errors[next];
                next++;
            }
            buffer.putInt(EnvelopeDescriptor.RESULT_HEADER_LENGTH, first);
            final byte status = !failed ? EnvelopeDescriptor.STATUS_OK :
                timedOut ? EnvelopeDescriptor.STATUS_TIMED_OUT : EnvelopeDescriptor.STATUS_REMOTE_EXCEPTION;
            ResultEnvelope.encodeHeader(buffer, 0, status, attempt, slot, taskId, startNs, clock.nanoTime(),
                next - first, next == items ? inFlightIndex : -1, at - EnvelopeDescriptor.RESULT_HEADER_LENGTH);
            buffer.putByte(EnvelopeDescriptor.RESULT_FLAGS_OFFSET, ResultPart.PART);
            while (!resultRing.write(buffer, 0, at))
            {
                whenFull.run();
            }
            first = next;
        }
    }

    /** @return where the item's record ends; a value whose encoding throws is answered as that failure. */
    private static int encodeItemOrFailure(
        final ExpandableDirectByteBuffer buffer, final int at, final Object value, final Throwable error)
    {
        try
        {
            return ResultEncoding.encodeItem(buffer, at, value, error);
        }
        catch (final RuntimeException ex)
        {
            return ResultEncoding.encodeCompactError(buffer, at, new IllegalStateException(
                "result could not be encoded: error=" + ex));
        }
    }

    /** @return the most bytes an envelope of {@code items} results may take, header included. */
    private int envelopeLimit(final int items)
    {
        return 0 == maxPayload ? resultRing.maxEnvelopeLength() :
            (int)Math.min(resultRing.maxEnvelopeLength(), (long)EnvelopeDescriptor.RESULT_HEADER_LENGTH + maxPayload + items);
    }

    private int encode(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final long startNs,
        final int items, final int inFlightIndex, final Object[] values, final Throwable[] errors,
        final boolean timedOut, final TaskTrace trace)
    {
        // the limit counts encoded values, as for arguments; each item's status byte is the envelope's
        final int limit = envelopeLimit(items);
        boolean failed = false;
        int at = EnvelopeDescriptor.RESULT_HEADER_LENGTH;
        for (int i = 0; i < items; i++)
        {
            failed |= null != errors[i];
            at = ResultEncoding.encodeItem(buffer, at, values[i], errors[i]);
        }
        final int payloadLength = at - EnvelopeDescriptor.RESULT_HEADER_LENGTH;
        if (at > limit && failed)
        {
            // the exceptions may be what is too big: their records again, short (values as they are)
            at = EnvelopeDescriptor.RESULT_HEADER_LENGTH;
            for (int i = 0; i < items; i++)
            {
                at = null == errors[i] ? ResultEncoding.encodeItem(buffer, at, values[i], null) :
                    ResultEncoding.encodeCompactError(buffer, at, errors[i]);
            }
        }
        if (at > limit && items > 1)
        {
            return IN_PARTS; // each item may fit on its own: the chunk is answered in parts
        }
        if (at > limit)
        {
            at = EnvelopeDescriptor.RESULT_HEADER_LENGTH;
            final IllegalStateException tooBig = new IllegalStateException("result too large: bytes=" +
                (payloadLength - items) + ", maxPayload=" +
                (0 == maxPayload ? limit - EnvelopeDescriptor.RESULT_HEADER_LENGTH - items : maxPayload));
            for (int i = 0; i < items; i++)
            {
                at = ResultEncoding.encodeCompactError(buffer, at, null != errors[i] ? errors[i] : tooBig);
            }
            failed = true;
        }
        final byte status = !failed ? EnvelopeDescriptor.STATUS_OK :
            timedOut ? EnvelopeDescriptor.STATUS_TIMED_OUT : EnvelopeDescriptor.STATUS_REMOTE_EXCEPTION;
        ResultEnvelope.encodeHeader(buffer, 0, status, attempt, slot, taskId, startNs, clock.nanoTime(), items,
            inFlightIndex, at - EnvelopeDescriptor.RESULT_HEADER_LENGTH);
        if (null != trace && at + HopStamps.RESULT_TRAILER_LENGTH <= resultRing.maxEnvelopeLength())
        {
            buffer.putByte(EnvelopeDescriptor.RESULT_FLAGS_OFFSET, HopStamps.TRACED);
            at = HopStamps.putResultTrailer(buffer, at, trace.submittedNs, trace.workAppendedNs, trace.claimedNs,
                trace.startedNs, trace.endedNs);
        }
        return at;
    }
}
