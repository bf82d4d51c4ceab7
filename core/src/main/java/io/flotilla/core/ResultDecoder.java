package io.flotilla.core;

import io.flotilla.RemoteTaskException;
import io.flotilla.protocol.ResultEnvelope;
import io.flotilla.protocol.codec.ResultEncoding;
import io.flotilla.protocol.codec.PoolTypes;
import io.flotilla.protocol.codec.ValueCodec;
import org.agrona.DirectBuffer;

/**
 * Decodes the items of a result envelope into values and remote exceptions that name the task, the item, the
 * function and the worker. One per reader thread: it keeps its cursor.
 */
final class ResultDecoder
{
    private final ValueCodec.Cursor cursor = new ValueCodec.Cursor();

    /** Names the pool's type table, which record, enum and codec values on the wire refer to. */
    void types(final PoolTypes types)
    {
        cursor.types(types);
    }

    /**
     * Decodes every item of the result: item i becomes values[i], or errors[i] when the task threw.
     */
    void decode(final ResultEnvelope result, final Pending entry, final Object[] values, final RemoteTaskException[] errors)
    {
        decode(result.buffer(), result.payloadOffset(), result.workerId(), entry, values, errors);
    }

    /**
     * Decodes items encoded at {@code offset} of {@code buffer} (a result's payload, in its envelope or in a blob slot).
     */
    void decode(
        final DirectBuffer buffer, final int offset, final int workerId, final Pending entry, final Object[] values,
        final RemoteTaskException[] errors)
    {
        decode(buffer, offset, workerId, entry, values, errors, 0, values.length);
    }

    /**
     * Decodes {@code count} items encoded at {@code offset} into values and errors from index {@code first}: a part
     * of a chunk's answer.
     */
    void decode(
        final DirectBuffer buffer, final int offset, final int workerId, final Pending entry, final Object[] values,
        final RemoteTaskException[] errors, final int first, final int count)
    {
        cursor.wrap(buffer, offset);
        for (int i = first; i < first + count; i++)
        {
            if (ResultEncoding.ITEM_OK == cursor.readByte())
            {
                values[i] = ValueCodec.decode(cursor);
            }
            else
            {
                errors[i] = remote(ValueCodec.decodeThrowable(cursor), entry, i, workerId);
            }
        }
    }

    private static RemoteTaskException remote(
        final ValueCodec.ThrowableRecord record, final Pending entry, final int item, final int workerId)
    {
        if (null == record)
        {
            return null;
        }
        final String message = record.className() + (null != record.message() ? ": " + record.message() : "");
        final String context = null == entry ? "caused by " : "task failed in worker " + workerId + ": taskId=" +
            (entry.taskId) + (entry.arguments.length > 1 ? ", item=" + item : "") + ", function=" +
            entry.functionName + ": ";
        return new RemoteTaskException(context + message, record.className(), record.message(), record.stack(),
            remote(record.cause(), null, 0, workerId));
    }
}
