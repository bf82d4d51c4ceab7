package io.flotilla.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.flotilla.protocol.EnvelopeDescriptor.*;

/**
 * Flyweight over a TASK envelope (layout in {@link EnvelopeDescriptor}). Wrap it over a ring message or a queue
 * excerpt and read the fields in place; {@link #encodeHeader} writes one. Reusable, not thread-safe.
 */
public final class TaskEnvelope
{
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param buffer holding the envelope.
     * @param offset of the envelope's first byte.
     * @param length of the envelope in bytes.
     * @return this, or throws {@link IpcException} when the bytes are not a whole TASK envelope.
     */
    public TaskEnvelope wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        if (length < TASK_HEADER_LENGTH || TYPE_TASK != buffer.getByte(offset + TYPE_OFFSET) ||
            TASK_HEADER_LENGTH + payloadLength() > length)
        {
            throw new IpcException("malformed task envelope: length=" + length + ", type=" +
                (length > 0 ? typeName(buffer.getByte(offset)) : "none"));
        }
        return this;
    }

    /**
     * Writes a task header; the payload, {@code payloadLength} bytes, goes at {@code offset + TASK_HEADER_LENGTH}.
     *
     * @return the envelope length, header plus payload.
     */
    public static int encodeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final int attempt,
        final int functionId,
        final long taskId,
        final int chunkLength,
        final long deadlineEpochMs,
        final long submitEpochNs,
        final int payloadLength)
    {
        buffer.putByte(offset + TYPE_OFFSET, TYPE_TASK);
        buffer.putByte(offset + TASK_FLAGS_OFFSET, (byte)0);
        buffer.putShort(offset + TASK_ATTEMPT_OFFSET, (short)attempt);
        buffer.putInt(offset + TASK_FUNCTION_ID_OFFSET, functionId);
        buffer.putLong(offset + TASK_ID_OFFSET, taskId);
        buffer.putInt(offset + TASK_CHUNK_LENGTH_OFFSET, chunkLength);
        buffer.putInt(offset + TASK_PAYLOAD_LENGTH_OFFSET, payloadLength);
        buffer.putLong(offset + TASK_DEADLINE_MS_OFFSET, deadlineEpochMs);
        buffer.putLong(offset + TASK_SUBMIT_NS_OFFSET, submitEpochNs);
        return TASK_HEADER_LENGTH + payloadLength;
    }

    public int attempt()
    {
        return buffer.getShort(offset + TASK_ATTEMPT_OFFSET) & 0xFFFF;
    }

    /** @return the flags byte: {@link HopStamps#TRACED}, {@link BlobRef#BLOB}. */
    public byte flags()
    {
        return buffer.getByte(offset + TASK_FLAGS_OFFSET);
    }

    public int functionId()
    {
        return buffer.getInt(offset + TASK_FUNCTION_ID_OFFSET);
    }

    public long taskId()
    {
        return buffer.getLong(offset + TASK_ID_OFFSET);
    }

    public int chunkLength()
    {
        return buffer.getInt(offset + TASK_CHUNK_LENGTH_OFFSET);
    }

    /** @return when the task must have ended, epoch ms, or 0 for no deadline. */
    public long deadlineEpochMs()
    {
        return buffer.getLong(offset + TASK_DEADLINE_MS_OFFSET);
    }

    /** @return when the task was first submitted, epoch ns (same clock for the machine). */
    public long submitEpochNs()
    {
        return buffer.getLong(offset + TASK_SUBMIT_NS_OFFSET);
    }

    public int payloadLength()
    {
        return buffer.getInt(offset + TASK_PAYLOAD_LENGTH_OFFSET);
    }

    /** @return offset of the payload in {@link #buffer()}. */
    public int payloadOffset()
    {
        return offset + TASK_HEADER_LENGTH;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the whole envelope's length. */
    public int length()
    {
        return length;
    }
}
