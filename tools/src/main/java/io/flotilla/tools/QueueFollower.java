package io.flotilla.tools;

import io.flotilla.protocol.ChronicleQueues;
import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.CountersLayout;
import io.flotilla.protocol.DefineEnvelope;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;
import io.flotilla.protocol.ResultEnvelope;
import io.flotilla.protocol.TaskEnvelope;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a live pool's queues as they grow and turns each new excerpt into a line. Read-only; one thread.
 */
final class QueueFollower implements AutoCloseable
{
    private final PoolDirectory directory;
    private final CountersFile counters;
    private final SingleChronicleQueue[] queues;
    private final ExcerptTailer[] tailers;
    private final Map<Integer, String> functions = new HashMap<>();
    private final TaskEnvelope task = new TaskEnvelope();
    private final ResultEnvelope result = new ResultEnvelope();
    private final DefineEnvelope define = new DefineEnvelope();
    private final io.flotilla.protocol.CancelEnvelope cancel = new io.flotilla.protocol.CancelEnvelope();
    private final boolean fromStart;
    private int next;

    QueueFollower(final PoolDirectory directory, final boolean fromStart)
    {
        this.directory = directory;
        this.fromStart = fromStart;
        this.counters = CountersFile.open(directory.countersFile());
        this.queues = new SingleChronicleQueue[directory.shardCount() + 1];
        this.tailers = new ExcerptTailer[queues.length];
    }

    /** @return the next line, or null when nothing new is there now. */
    String poll()
    {
        for (int i = 0; i < tailers.length; i++)
        {
            final int q = (next + i) % tailers.length;
            final ExcerptTailer tailer = tailer(q);
            if (null == tailer)
            {
                continue;
            }
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (dc.isPresent())
                {
                    next = q + 1;
                    return describe(q, dc);
                }
            }
        }
        return null;
    }

    /** @return whether the pool ended: its parent exited or its directory was removed. */
    boolean poolGone()
    {
        return !Files.isDirectory(directory.path()) ||
            ProcessState.EXITED == counters.state(CountersLayout.PARENT_SLOT);
    }

    private ExcerptTailer tailer(final int q)
    {
        if (null == tailers[q])
        {
            final java.nio.file.Path path = q < directory.shardCount() ? directory.workQueue(q) :
                directory.resultsQueue();
            if (!Files.isDirectory(path))
            {
                return null;
            }
            queues[q] = ChronicleQueues.openReadOnly(path);
            tailers[q] = queues[q].createTailer();
            if (!fromStart)
            {
                skipExisting(q);
            }
        }
        return tailers[q];
    }

    /** Passes what a queue already holds, keeping only the function names its define records give. */
    private void skipExisting(final int q)
    {
        while (true)
        {
            try (DocumentContext dc = tailers[q].readingDocument())
            {
                if (!dc.isPresent())
                {
                    return;
                }
                describe(q, dc);
            }
        }
    }

    private String describe(final int q, final DocumentContext dc)
    {
        final UnsafeBuffer buffer = PoolHistory.copy(dc);
        final int length = buffer.capacity();
        final byte type = length > 0 ? buffer.getByte(0) : 0;
        switch (type)
        {
            case EnvelopeDescriptor.TYPE_DEFINE ->
            {
                define.wrap(buffer, 0, length);
                functions.put(define.functionId(), define.displayName());
                return "define   function " + define.functionId() + " = " + define.displayName();
            }
            case EnvelopeDescriptor.TYPE_TASK ->
            {
                task.wrap(buffer, 0, length);
                return String.format("task     %d  %s  shard %d  attempt %d  items %d", task.taskId(),
                    functions.getOrDefault(task.functionId(), "function#" + task.functionId()), q, task.attempt(),
                    task.chunkLength());
            }
            case EnvelopeDescriptor.TYPE_CANCEL ->
            {
                cancel.wrap(buffer, 0, length);
                return String.format("cancel   %d  cancelled  shard %d  attempt %d%s", cancel.taskId(), q,
                    cancel.attempt(), cancel.interrupt() ? "  interrupt" : "");
            }
            case EnvelopeDescriptor.TYPE_RESULT ->
            {
                result.wrap(buffer, 0, length);
                return String.format("result   %d  %s  worker %d  attempt %d  ran %s ms", result.taskId(),
                    EnvelopeDescriptor.statusName(result.status()).toLowerCase(Locale.ROOT), result.workerId(),
                    result.attempt(), ReplayCommand.millis(result.endEpochNs() - result.startEpochNs()));
            }
            default ->
            {
                return "unknown envelope type " + type + " in " + (q < directory.shardCount() ? "work-" + q : "results");
            }
        }
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(tailers);
        CloseHelper.quietCloseAll(queues);
        counters.close();
    }
}
