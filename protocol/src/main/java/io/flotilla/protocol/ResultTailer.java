package io.flotilla.protocol;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.System.Logger.Level;

/**
 * The parent's reader of the results queue: hands each RESULT envelope to a handler, in queue order, up to a batch
 * limit per duty cycle. Used by one thread at a time like every Chronicle tailer: its runner's or, through a
 * {@link SharedDutyCycle}, a caller's that holds the cycle.
 */
public final class ResultTailer implements Agent
{
    /** Told about each result; the envelope is valid during the call only. */
    @FunctionalInterface
    public interface Handler
    {
        void onResult(ResultEnvelope result);
    }

    /** Default number of results read per duty cycle. */
    public static final int DEFAULT_BATCH_LIMIT = 256;

    private static final System.Logger LOGGER = System.getLogger(ResultTailer.class.getName());

    private final ChronicleQueue resultsQueue;
    private final Handler handler;
    private final int batchLimit;
    private final ExcerptView view = new ExcerptView();
    private final ResultEnvelope result = new ResultEnvelope();
    private ExcerptTailer tailer;

    public ResultTailer(final ChronicleQueue resultsQueue, final Handler handler, final int batchLimit)
    {
        this.resultsQueue = resultsQueue;
        this.handler = handler;
        this.batchLimit = batchLimit;
    }

    @Override
    public void onStart()
    {
        tailer = resultsQueue.createTailer();
        tailer.singleThreadedCheckDisabled(true);
    }

    @Override
    public int doWork()
    {
        int count = 0;
        while (count < batchLimit)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final UnsafeBuffer buffer = view.wrap(dc);
                if (buffer.capacity() > 0 && EnvelopeDescriptor.TYPE_RESULT == buffer.getByte(0))
                {
                    handler.onResult(result.wrap(buffer, 0, buffer.capacity()));
                }
                else
                {
                    LOGGER.log(Level.WARNING, "skipping non-result envelope in results queue: index={0}, length={1}",
                        Long.toHexString(dc.index()), buffer.capacity());
                }
                count++;
            }
        }
        if (0 == count)
        {
            view.touchAhead();
        }
        return count;
    }

    @Override
    public void onClose()
    {
        if (null != tailer)
        {
            tailer.close();
            tailer = null;
        }
    }

    @Override
    public String roleName()
    {
        return "flotilla-result-tailer";
    }
}
