package io.flotilla.worker;

import io.flotilla.protocol.codec.ResultEncoding;
import io.flotilla.protocol.codec.TaskTrace;

import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.HopStamps;
import io.flotilla.protocol.ResultEnvelope;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.EpochNanoClock;

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

    private final EnvelopeRing resultRing;
    private final int slot;
    private final EpochNanoClock clock;
    /** The pool's payload limit for the encoded values of one envelope, or 0 for the ring's own. */
    private int maxPayload;

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

    /**
     * @param whenFull run while the ring has no room: a task thread yields, the I/O thread drains the ring itself.
     */
    void write(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final long startNs,
        final int items, final int inFlightIndex, final Object[] values, final Throwable[] errors,
        final boolean timedOut, final TaskTrace trace, final Runnable whenFull)
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
                return;
            }
        }
        while (!resultRing.write(buffer, 0, length))
        {
            whenFull.run();
        }
    }

    private int encode(
        final ExpandableDirectByteBuffer buffer, final long taskId, final int attempt, final long startNs,
        final int items, final int inFlightIndex, final Object[] values, final Throwable[] errors,
        final boolean timedOut, final TaskTrace trace)
    {
        // the limit counts encoded values, as for arguments; each item's status byte is the envelope's
        final int limit = 0 == maxPayload ? resultRing.maxEnvelopeLength() :
            (int)Math.min(resultRing.maxEnvelopeLength(), (long)EnvelopeDescriptor.RESULT_HEADER_LENGTH + maxPayload + items);
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
