package io.flotilla.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.flotilla.protocol.EnvelopeDescriptor.*;

/**
 * Flyweight over a RESULT envelope (layout in {@link EnvelopeDescriptor}). Reusable, not thread-safe.
 */
public final class ResultEnvelope
{
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * @return this, or throws {@link IpcException} when the bytes are not a whole RESULT envelope.
     */
    public ResultEnvelope wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        if (length < RESULT_HEADER_LENGTH || TYPE_RESULT != buffer.getByte(offset + TYPE_OFFSET) ||
            RESULT_HEADER_LENGTH + payloadLength() > length)
        {
            throw new IpcException("malformed result envelope: length=" + length + ", type=" +
                (length > 0 ? typeName(buffer.getByte(offset)) : "none"));
        }
        return this;
    }

    /**
     * Writes a result header; the payload, {@code payloadLength} bytes, goes at {@code offset + RESULT_HEADER_LENGTH}.
     *
     * @return the envelope length, header plus payload.
     */
    public static int encodeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final byte status,
        final int attempt,
        final int workerId,
        final long taskId,
        final long startEpochNs,
        final long endEpochNs,
        final int chunkLength,
        final int inFlightIndex,
        final int payloadLength)
    {
        buffer.putByte(offset + TYPE_OFFSET, TYPE_RESULT);
        buffer.putByte(offset + RESULT_STATUS_OFFSET, status);
        buffer.putShort(offset + RESULT_ATTEMPT_OFFSET, (short)attempt);
        buffer.putInt(offset + RESULT_WORKER_ID_OFFSET, workerId);
        buffer.putLong(offset + RESULT_TASK_ID_OFFSET, taskId);
        buffer.putLong(offset + RESULT_START_NS_OFFSET, startEpochNs);
        buffer.putLong(offset + RESULT_END_NS_OFFSET, endEpochNs);
        buffer.putInt(offset + RESULT_PAYLOAD_LENGTH_OFFSET, payloadLength);
        buffer.putInt(offset + RESULT_CHUNK_LENGTH_OFFSET, chunkLength);
        buffer.putInt(offset + RESULT_IN_FLIGHT_INDEX_OFFSET, inFlightIndex);
        buffer.putInt(offset + RESULT_IN_FLIGHT_INDEX_OFFSET + 4, 0);
        return RESULT_HEADER_LENGTH + payloadLength;
    }

    public byte status()
    {
        return buffer.getByte(offset + RESULT_STATUS_OFFSET);
    }

    public int attempt()
    {
        return buffer.getShort(offset + RESULT_ATTEMPT_OFFSET) & 0xFFFF;
    }

    /** @return the flags byte: {@link HopStamps#TRACED}, {@link BlobRef#BLOB}, {@link BlobRef#STALE}. */
    public byte flags()
    {
        return buffer.getByte(offset + RESULT_FLAGS_OFFSET);
    }

    public int workerId()
    {
        return buffer.getInt(offset + RESULT_WORKER_ID_OFFSET);
    }

    public long taskId()
    {
        return buffer.getLong(offset + RESULT_TASK_ID_OFFSET);
    }

    public long startEpochNs()
    {
        return buffer.getLong(offset + RESULT_START_NS_OFFSET);
    }

    public long endEpochNs()
    {
        return buffer.getLong(offset + RESULT_END_NS_OFFSET);
    }

    public int payloadLength()
    {
        return buffer.getInt(offset + RESULT_PAYLOAD_LENGTH_OFFSET);
    }

    public int chunkLength()
    {
        return buffer.getInt(offset + RESULT_CHUNK_LENGTH_OFFSET);
    }

    /** @return the worker's in-flight table index the task held, or -1. */
    public int inFlightIndex()
    {
        return buffer.getInt(offset + RESULT_IN_FLIGHT_INDEX_OFFSET);
    }

    public int payloadOffset()
    {
        return offset + RESULT_HEADER_LENGTH;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int length()
    {
        return length;
    }
}
