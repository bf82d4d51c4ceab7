package io.flotilla.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The trace trailer of a sampled envelope: {@link System#nanoTime()} stamps taken at each hop of its round trip. The
 * processes of a pool share the machine's monotonic clock, so differences between stamps taken in different processes
 * are exact. A traced envelope has {@link #TRACED} set in its flags byte ({@link #flagsOffset}); the trailer follows
 * its payload, so readers that do not trace never see it.
 * <pre>
 * TASK trailer, {@value #TASK_TRAILER_LENGTH} bytes after the payload
 *   | submitted (parent, encoded)         |  0
 *   | appended to the work queue (parent) |  8   written by the queue writer as it copies the envelope
 *
 * RESULT trailer, {@value #RESULT_TRAILER_LENGTH} bytes after the payload
 *   | submitted            (from the task) |  0
 *   | appended to work     (from the task) |  8
 *   | claimed (worker)                     | 16
 *   | task started (worker)                | 24
 *   | task ended (worker)                  | 32
 *   | appended to results (worker)         | 40   written by the queue writer as it copies the envelope
 * </pre>
 */
public final class HopStamps
{
    /** Flag bit: the envelope carries a trace trailer. */
    public static final byte TRACED = 1;

    public static final int TASK_TRAILER_LENGTH = 16;
    public static final int RESULT_TRAILER_LENGTH = 48;

    public static final int SUBMITTED = 0;
    public static final int WORK_APPENDED = 8;
    public static final int CLAIMED = 16;
    public static final int STARTED = 24;
    public static final int ENDED = 32;
    public static final int RESULT_APPENDED = 40;

    private HopStamps()
    {
    }

    /** @return where the flags byte of an envelope of this type is, or -1 for a type without flags. */
    public static int flagsOffset(final byte type)
    {
        return switch (type)
        {
            case EnvelopeDescriptor.TYPE_TASK -> EnvelopeDescriptor.TASK_FLAGS_OFFSET;
            case EnvelopeDescriptor.TYPE_RESULT -> EnvelopeDescriptor.RESULT_FLAGS_OFFSET;
            default -> -1;
        };
    }

    /** @return whether the envelope at {@code offset} carries a trace trailer. */
    public static boolean traced(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1)
        {
            return false;
        }
        final int flags = flagsOffset(buffer.getByte(offset + EnvelopeDescriptor.TYPE_OFFSET));
        return flags >= 0 && flags < length && 0 != (buffer.getByte(offset + flags) & TRACED);
    }

    /** Writes a task trailer at {@code at} (the end of the payload) with its submit stamp. */
    public static int putTaskTrailer(final MutableDirectBuffer buffer, final int at, final long submittedNs)
    {
        buffer.putLong(at + SUBMITTED, submittedNs);
        buffer.putLong(at + WORK_APPENDED, 0);
        return at + TASK_TRAILER_LENGTH;
    }

    /** Writes a result trailer at {@code at} (the end of the payload). */
    public static int putResultTrailer(
        final MutableDirectBuffer buffer, final int at, final long submittedNs, final long workAppendedNs,
        final long claimedNs, final long startedNs, final long endedNs)
    {
        buffer.putLong(at + SUBMITTED, submittedNs);
        buffer.putLong(at + WORK_APPENDED, workAppendedNs);
        buffer.putLong(at + CLAIMED, claimedNs);
        buffer.putLong(at + STARTED, startedNs);
        buffer.putLong(at + ENDED, endedNs);
        buffer.putLong(at + RESULT_APPENDED, 0);
        return at + RESULT_TRAILER_LENGTH;
    }
}
