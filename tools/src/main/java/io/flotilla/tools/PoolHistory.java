package io.flotilla.tools;

import io.flotilla.protocol.codec.ValueCodec;
import io.flotilla.protocol.ChronicleQueues;
import io.flotilla.protocol.DefineEnvelope;
import io.flotilla.protocol.BlobRef;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ResultEnvelope;
import io.flotilla.protocol.TaskEnvelope;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pool's queue files say happened: every task envelope (one task or a chunk) with its function, shard and
 * attempts, and every result written for it. Read from the files alone, so it works on a live pool, on one closed with
 * its files kept, and on one whose parent crashed.
 */
final class PoolHistory
{
    /**
     * One attempt of an envelope, as the work queue holds it.
     *
     * @param inBlob whether the payload crossed in a blob slot: then {@code payload} is only its reference.
     */
    record Attempt(int attempt, int shard, long deadlineEpochMs, long submitEpochNs, byte[] payload, boolean inBlob)
    {
    }

    /**
     * One result, as the results queue holds it.
     *
     * @param inBlob whether the payload crossed in a blob slot: then {@code payload} is only its reference.
     */
    record Result(byte status, int workerId, int attempt, long startEpochNs, long endEpochNs, byte[] payload,
        boolean inBlob)
    {
    }

    /** A cancel record, as the task's shard queue holds it. */
    record Cancel(int attempt, int shard, boolean interrupt)
    {
    }

    /** An envelope and all that happened to it. */
    static final class Entry
    {
        final long taskId;
        final int functionId;
        final int chunkLength;
        final List<Attempt> attempts = new ArrayList<>();
        final List<Result> results = new ArrayList<>();
        final List<Cancel> cancels = new ArrayList<>();
        String functionName;
        /** No result yet: in a live worker's in-flight table (running), or its pool's parent is gone (lost). */
        String unanswered = "pending";

        Entry(final long taskId, final int functionId, final int chunkLength)
        {
            this.taskId = taskId;
            this.functionId = functionId;
            this.chunkLength = chunkLength;
        }

        /**
         * @return ok, failed, timed-out (past its deadline in the worker), cancelled (a cancel record names it, or
         * its worker answered so), or without a result: running (a live worker holds it), lost (the pool's parent is
         * gone) or pending (queued).
         */
        String status()
        {
            if (!cancels.isEmpty())
            {
                return "cancelled";
            }
            if (results.isEmpty())
            {
                return unanswered;
            }
            return switch (results.get(0).status)
            {
                case EnvelopeDescriptor.STATUS_OK -> "ok";
                case EnvelopeDescriptor.STATUS_TIMED_OUT -> "timed-out";
                case EnvelopeDescriptor.STATUS_CANCELLED -> "cancelled";
                default -> "failed";
            };
        }

        int shard()
        {
            return attempts.isEmpty() ? -1 : attempts.get(0).shard();
        }
    }

    final Map<Long, Entry> entries = new TreeMap<>();
    final Map<Integer, String> functions = new HashMap<>();
    final List<String> problems = new ArrayList<>();
    private final Map<Integer, Long> excerptsPerShard = new HashMap<>();
    private long resultItems;

    /**
     * Reads every queue of the pool directory.
     */
    static PoolHistory read(final PoolDirectory directory)
    {
        // a tool reads one pool's values at a time: they name their types by its table
        io.flotilla.protocol.codec.PoolTypes.useForProcess(
            io.flotilla.protocol.codec.PoolTypes.readOnly(directory.path()));
        final PoolHistory history = new PoolHistory();
        for (int shard = 0; shard < directory.shardCount(); shard++)
        {
            history.readWorkQueue(directory, shard);
        }
        history.readResults(directory);
        for (final Entry entry : history.entries.values())
        {
            entry.functionName = history.functions.getOrDefault(entry.functionId, "function#" + entry.functionId);
        }
        history.crossCheck(directory);
        return history;
    }

    /**
     * Compares what the queue files hold with what counters.dat says was written: fewer excerpts than were claimed,
     * or fewer results than the workers wrote, means a file was truncated or damaged.
     */
    private void crossCheck(final PoolDirectory directory)
    {
        try (io.flotilla.protocol.CountersFile counters = io.flotilla.protocol.CountersFile.open(directory.countersFile()))
        {
            for (int shard = 0; shard < directory.shardCount(); shard++)
            {
                final long read = excerptsPerShard.getOrDefault(shard, 0L);
                final long claimed = counters.claimCursor(shard);
                if (read < claimed)
                {
                    problems.add("work queue of shard " + shard + " holds " + read + " excerpts but " + claimed +
                        " were claimed: its file is truncated or damaged, tasks after the last one listed for this " +
                        "shard are missing");
                }
            }
            final boolean parentAlive = ProcessHandle.of(counters.parentPid()).map(ProcessHandle::isAlive).orElse(false) &&
                io.flotilla.protocol.ProcessState.EXITED != counters.state(io.flotilla.protocol.CountersLayout.PARENT_SLOT);
            final java.util.Set<Long> inFlight = new java.util.HashSet<>();
            long written = 0;
            for (int slot = 1; slot <= counters.workerSlots(); slot++)
            {
                written += counters.completed(slot) + counters.failed(slot);
                counters.inFlightTable(slot).forEach(inFlight::add);
            }
            for (final Entry entry : entries.values())
            {
                if (entry.results.isEmpty())
                {
                    entry.unanswered = !parentAlive ? "lost" : inFlight.contains(entry.taskId) ? "running" : "pending";
                }
            }
            if (resultItems < written)
            {
                final List<Long> affected = new ArrayList<>();
                for (final Entry entry : entries.values())
                {
                    if (entry.results.isEmpty() && affected.size() < 20)
                    {
                        affected.add(entry.taskId);
                    }
                }
                problems.add("results queue holds " + resultItems + " result items but the workers wrote " + written +
                    ": its file is truncated or damaged; tasks without a result (first 20): " + affected);
            }
        }
        catch (final RuntimeException ex)
        {
            problems.add("cannot cross-check with counters.dat: " + ex.getMessage());
        }
    }

    private void readWorkQueue(final PoolDirectory directory, final int shard)
    {
        final java.nio.file.Path path = directory.workQueue(shard);
        final long[] lastTaskId = new long[1];
        final TaskEnvelope task = new TaskEnvelope();
        final DefineEnvelope define = new DefineEnvelope();
        final io.flotilla.protocol.CancelEnvelope cancel = new io.flotilla.protocol.CancelEnvelope();
        readQueue(path, buffer ->
        {
            final byte type = buffer.capacity() > 0 ? buffer.getByte(0) : 0;
            excerptsPerShard.merge(shard, 1L, Long::sum);
            if (EnvelopeDescriptor.TYPE_DEFINE == type)
            {
                define.wrap(buffer, 0, buffer.capacity());
                functions.put(define.functionId(), define.displayName());
            }
            else if (EnvelopeDescriptor.TYPE_TASK == type)
            {
                task.wrap(buffer, 0, buffer.capacity());
                lastTaskId[0] = task.taskId();
                final Entry entry = entries.computeIfAbsent(task.taskId(),
                    id -> new Entry(id, task.functionId(), task.chunkLength()));
                final byte[] payload = new byte[task.payloadLength()];
                buffer.getBytes(task.payloadOffset(), payload);
                entry.attempts.add(new Attempt(task.attempt(), shard, task.deadlineEpochMs(), task.submitEpochNs(),
                    payload, BlobRef.carried(task.flags(), task.payloadLength())));
            }
            else if (EnvelopeDescriptor.TYPE_CANCEL == type)
            {
                cancel.wrap(buffer, 0, buffer.capacity());
                final Entry entry = entries.get(cancel.taskId());
                if (null == entry)
                {
                    problems.add("cancel record for a task missing from its work queue: taskId=" + cancel.taskId() +
                        ", shard=" + shard);
                }
                else
                {
                    entry.cancels.add(new Cancel(cancel.attempt(), shard, cancel.interrupt()));
                }
            }
            else
            {
                problems.add("unknown envelope in " + path + " after taskId=" + lastTaskId[0] + ": type=" + type);
            }
        }, () -> "cannot read work queue " + path + " after taskId=" + lastTaskId[0] + " (later tasks of shard " +
            shard + " are missing)");
    }

    private void readResults(final PoolDirectory directory)
    {
        final java.nio.file.Path path = directory.resultsQueue();
        final long[] lastTaskId = new long[1];
        final ResultEnvelope result = new ResultEnvelope();
        readQueue(path, buffer ->
        {
            result.wrap(buffer, 0, buffer.capacity());
            lastTaskId[0] = result.taskId();
            // a part of a chunk's answer starts with its first item's index: the items follow
            final int prefix = io.flotilla.protocol.ResultPart.isPart(result) ? io.flotilla.protocol.ResultPart.PREFIX_LENGTH : 0;
            final byte[] payload = new byte[Math.max(0, result.payloadLength() - prefix)];
            buffer.getBytes(result.payloadOffset() + prefix, payload);
            resultItems += result.chunkLength();
            final Entry entry = entries.get(result.taskId());
            final Result record = new Result(result.status(), result.workerId(), result.attempt(),
                result.startEpochNs(), result.endEpochNs(), payload,
                BlobRef.carried(result.flags(), result.payloadLength()));
            if (null == entry)
            {
                problems.add("result for a task missing from the work queues: taskId=" + result.taskId());
            }
            else
            {
                entry.results.add(record);
            }
        }, () -> "cannot read results queue " + path + " after the result of taskId=" + lastTaskId[0] +
            " (later results are missing)");
    }

    /**
     * Hands a copy of every excerpt of a queue, in order, to {@code onExcerpt}; a queue that was never created holds
     * nothing. A read that fails stops there and adds a problem: {@code cutOff} says what is missing.
     */
    private void readQueue(
        final java.nio.file.Path path,
        final java.util.function.Consumer<UnsafeBuffer> onExcerpt,
        final java.util.function.Supplier<String> cutOff)
    {
        if (!java.nio.file.Files.isDirectory(path))
        {
            return;
        }
        try (SingleChronicleQueue queue = ChronicleQueues.openReadOnly(path);
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return;
                    }
                    onExcerpt.accept(copy(dc));
                }
            }
        }
        catch (final RuntimeException ex)
        {
            problems.add(cutOff.get() + ": " + ex);
        }
    }

    /** @return a copy of the excerpt being read, which stays valid after the document closes. */
    static UnsafeBuffer copy(final DocumentContext dc)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final byte[] data = new byte[(int)bytes.readRemaining()];
        bytes.read(data);
        return new UnsafeBuffer(data);
    }

    /** @return each item of a result: a value, or a {@link ValueCodec.ThrowableRecord}. */
    static List<Object> decodeItems(final Result result)
    {
        final List<Object> items = new ArrayList<>();
        if (result.inBlob())
        {
            items.add(notKept(result.payload()));
            return items;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(result.payload());
        final ValueCodec.Cursor cursor = new ValueCodec.Cursor().wrap(buffer, 0).lenient(true);
        while (cursor.offset() < result.payload().length)
        {
            // per item: a status byte (0 value, 1 exception record), then the body
            final byte itemStatus = buffer.getByte(cursor.offset());
            cursor.wrap(buffer, cursor.offset() + 1).lenient(true);
            items.add(0 == itemStatus ? ValueCodec.decode(cursor) : ValueCodec.decodeThrowable(cursor));
        }
        return items;
    }

    /** @return the arguments of an attempt, one per chunk item. */
    static List<Object> decodeArguments(final Attempt attempt)
    {
        final List<Object> arguments = new ArrayList<>();
        if (attempt.inBlob())
        {
            arguments.add(notKept(attempt.payload()));
            return arguments;
        }
        final ValueCodec.Cursor cursor = new ValueCodec.Cursor().wrap(new UnsafeBuffer(attempt.payload()), 0)
            .lenient(true);
        while (cursor.offset() < attempt.payload().length)
        {
            arguments.add(ValueCodec.decode(cursor));
        }
        return arguments;
    }

    /**
     * @return what stands for values that crossed in a slot of {@code blobs.dat}: slots are used again, so the files
     * keep only the reference.
     */
    static String notKept(final byte[] reference)
    {
        return "(" + BlobRef.length(new UnsafeBuffer(reference), 0) + " encoded bytes that crossed in " +
            io.flotilla.protocol.PoolDirectory.BLOBS_FILE + ", not kept)";
    }
}
