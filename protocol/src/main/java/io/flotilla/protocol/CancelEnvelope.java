package io.flotilla.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.flotilla.protocol.EnvelopeDescriptor.*;

/**
 * Flyweight over a CANCEL envelope (layout in {@link EnvelopeDescriptor}): the parent asks the worker that holds a
 * task to stop it. It goes into the task's shard queue after the task, so it reaches whichever worker of the shard
 * claimed the task, and every worker of the shard applies every cancel record it claims or passes (like a define
 * record); a worker that does not hold the task ignores it. Reusable, not thread-safe.
 */
public final class CancelEnvelope
{
    /** Flag: interrupt the task if it runs ({@code cancel(true)}); without it, only a task not yet started is stopped. */
    public static final byte INTERRUPT = 1;

    private DirectBuffer buffer;
    private int offset;

    /**
     * @return this, or throws {@link IpcException} when the bytes are not a whole CANCEL envelope.
     */
    public CancelEnvelope wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < CANCEL_HEADER_LENGTH || TYPE_CANCEL != buffer.getByte(offset + TYPE_OFFSET))
        {
            throw new IpcException("malformed cancel envelope: length=" + length + ", type=" +
                (length > 0 ? typeName(buffer.getByte(offset)) : "none"));
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Writes a whole cancel record.
     *
     * @param attempt   the task's attempt when it was cancelled, for tools (workers match the task id alone).
     * @param interrupt whether a running task is interrupted, or only a task not yet started stopped.
     * @return the envelope length.
     */
    public static int encode(
        final MutableDirectBuffer buffer, final int offset, final long taskId, final int attempt,
        final boolean interrupt)
    {
        if (taskId <= 0)
        {
            throw new IllegalArgumentException("task id must be positive: taskId=" + taskId);
        }
        buffer.putByte(offset + TYPE_OFFSET, TYPE_CANCEL);
        buffer.putByte(offset + CANCEL_FLAGS_OFFSET, interrupt ? INTERRUPT : 0);
        buffer.putShort(offset + CANCEL_ATTEMPT_OFFSET, (short)attempt);
        buffer.putInt(offset + 4, 0);
        buffer.putLong(offset + CANCEL_TASK_ID_OFFSET, taskId);
        return CANCEL_HEADER_LENGTH;
    }

    public long taskId()
    {
        return buffer.getLong(offset + CANCEL_TASK_ID_OFFSET);
    }

    /** @return whether a running task is to be interrupted ({@link #INTERRUPT}). */
    public boolean interrupt()
    {
        return 0 != (buffer.getByte(offset + CANCEL_FLAGS_OFFSET) & INTERRUPT);
    }

    public int attempt()
    {
        return buffer.getShort(offset + CANCEL_ATTEMPT_OFFSET) & 0xFFFF;
    }
}
