package io.flotilla.protocol;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.System.Logger.Level;

/**
 * A worker's reader of its shard's work queue, competing with the other workers of that shard.
 * <p>
 * Claim protocol: {@code counters.dat} holds, per shard, a claim cursor: the ordinal of the first excerpt nobody has
 * claimed. A worker's tailer sits at its own ordinal. To claim, the worker catches its tailer up to the cursor (it
 * passes excerpts others claimed, applying any DEFINE records among them), reads the excerpt at the cursor, writes
 * the task id into its in-flight table, then compare-and-sets the cursor from that ordinal to the next. Exactly one
 * worker wins each ordinal; a loser frees its in-flight entry and moves on. The in-flight entry is written
 * <em>before</em> the cursor moves, so a worker that dies between the two leaves the id in its table: the parent
 * re-dispatches it and drops the duplicate result by task id. Nothing claimed is lost with a dead worker.
 * <p>
 * The claim happens only when the excerpt is visible, so a cursor never points past what has been written, and a
 * worker never holds a claim on a task it has not seen.
 * <p>
 * The cursor is read from shared memory, so it is checked: it never goes below this worker's own ordinal (it only
 * ever moves forward), and it points past what this worker's tailer can read only for the moment another process's
 * append takes to become visible. A cursor behind the tailer, or ahead of it for longer than
 * {@link #CURSOR_AHEAD_TIMEOUT_PROPERTY} (a corrupt {@code counters.dat}: every task would be passed, none
 * claimed), throws a {@link CorruptCountersException} naming the file, the field and both values: the worker leaves
 * rather than let its shard's tasks wait for ever.
 * <p>
 * Cancel records ({@link CancelEnvelope}) are claimed like define records, and every worker applies every one it
 * claims or passes: the one holding the task stops it. A worker with no room for a task still claims the define and
 * cancel records at the cursor, so the worker that holds a cancelled task (and has no room, a task of its own being
 * what fills it) reaches the cancel record. A task queued behind full workers is claimed only after they free a
 * slot, and its cancel record behind it, as is the cancel of a task a full worker holds when a task waits before it:
 * so while it has no room, a worker also reads ahead of the cursor (its look-ahead tailer, without claiming), applies
 * the cancel records there at once ({@link Handler#onCancel} is called again when the claim tailer reaches them, so
 * it must be idempotent) and notes the task ids they name. A task it then claims with a noted id is answered as
 * cancelled without running ({@link Handler#onCancelledBeforeStart}). A worker that never
 * fills up never reads ahead: the look-ahead costs nothing on the path of tasks that wait for no one.
 * <p>
 * Thread confinement: Chronicle tailers belong to one thread; the tailer is created in {@link #onStart()} and this
 * agent must run on that thread only.
 */
public final class ShardClaimer implements Agent
{
    /** What a worker does with what it claims. Called with the excerpt open: copy what is needed, do not block. */
    public interface Handler
    {
        /** @return whether the worker can take another task now (its concurrency limit). */
        boolean hasCapacity();

        /**
         * @param task          the claimed task, valid during the call only.
         * @param inFlightIndex its entry in this worker's in-flight table; free it once the result is written.
         */
        void onTask(TaskEnvelope task, int inFlightIndex);

        /** A define record, claimed or passed: every worker sees every one. */
        void onDefine(DefineEnvelope define);

        /**
         * A cancel record, claimed, passed or read ahead of the cursor by a worker with no room: every worker of the
         * shard sees every one, some twice; the worker holding the task it names stops it, once. None holds it any
         * more when it has been answered, or before it was claimed.
         */
        default void onCancel(final CancelEnvelope cancel)
        {
        }

        /**
         * A task this worker claimed whose cancel record it had read ahead: answer it as cancelled without running it.
         * By default it is handled as any task (its cancel record follows).
         */
        default void onCancelledBeforeStart(final TaskEnvelope task, final int inFlightIndex)
        {
            onTask(task, inFlightIndex);
        }
    }

    /** Default number of claims per duty cycle. */
    public static final int DEFAULT_BATCH_LIMIT = 64;
    /** Most excerpts a worker with no room reads ahead of its cursor per duty cycle. */
    static final int READ_AHEAD_LIMIT = 256;
    /**
     * System property: how long, in ms, the claim cursor may point past what the tailer can read before the worker
     * takes {@code counters.dat} for corrupt; default {@value #DEFAULT_CURSOR_AHEAD_TIMEOUT_MS}.
     */
    public static final String CURSOR_AHEAD_TIMEOUT_PROPERTY = "flotilla.worker.cursorAheadTimeoutMs";
    public static final long DEFAULT_CURSOR_AHEAD_TIMEOUT_MS = 5_000;

    private static final System.Logger LOGGER = System.getLogger(ShardClaimer.class.getName());

    private final ChronicleQueue workQueue;
    private final CountersFile counters;
    private final int shard;
    private final int slot;
    private final InFlightTable inFlight;
    private final Handler handler;
    private final int batchLimit;
    private final ExcerptView view = new ExcerptView();
    private final TaskEnvelope task = new TaskEnvelope();
    private final DefineEnvelope define = new DefineEnvelope();
    private final CancelEnvelope cancel = new CancelEnvelope();
    private final ExcerptView aheadView = new ExcerptView();
    /** Task ids named by cancel records read ahead of the cursor and not yet passed by the claim tailer. */
    private final org.agrona.collections.LongHashSet cancelledAhead = new org.agrona.collections.LongHashSet();
    /** Reads ahead of the cursor while this worker has no room; created the first time it has none. */
    private ExcerptTailer ahead;
    /** The ordinal of the next excerpt {@link #ahead} reads. */
    private long aheadOrdinal;
    /** Whether the last claim found a task at the cursor and no room for it. */
    private boolean full;
    private final long cursorAheadTimeoutNs;
    private ExcerptTailer tailer;
    private long ordinal;
    private long lost;
    /** Since when the cursor has been past this worker's tailer without the tailer catching up, or 0. */
    private long aheadSinceNs;

    public ShardClaimer(
        final ChronicleQueue workQueue,
        final CountersFile counters,
        final int shard,
        final int slot,
        final Handler handler,
        final int batchLimit)
    {
        this(workQueue, counters, shard, slot, handler, batchLimit, cursorAheadTimeoutMs());
    }

    /**
     * @param cursorAheadTimeoutMs how long the cursor may point past what the tailer can read before this claimer
     *                             takes the counters file for corrupt.
     */
    public ShardClaimer(
        final ChronicleQueue workQueue,
        final CountersFile counters,
        final int shard,
        final int slot,
        final Handler handler,
        final int batchLimit,
        final long cursorAheadTimeoutMs)
    {
        if (cursorAheadTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("cursorAheadTimeoutMs must be positive: cursorAheadTimeoutMs=" +
                cursorAheadTimeoutMs);
        }
        this.cursorAheadTimeoutNs = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(cursorAheadTimeoutMs);
        this.workQueue = workQueue;
        this.counters = counters;
        this.shard = shard;
        this.slot = slot;
        this.inFlight = counters.inFlightTable(slot);
        this.handler = handler;
        this.batchLimit = batchLimit;
    }

    @Override
    public void onStart()
    {
        tailer = workQueue.createTailer();
    }

    @Override
    public int doWork()
    {
        int work = 0;
        for (int i = 0; i < batchLimit; i++)
        {
            final int claimed = claimOne();
            if (claimed <= 0)
            {
                break;
            }
            work += claimed;
        }
        if (full)
        {
            work += readAhead();
        }
        if (0 == work)
        {
            view.touchAhead();
        }
        return work;
    }

    @Override
    public void onClose()
    {
        if (null != tailer)
        {
            tailer.close();
            tailer = null;
        }
        if (null != ahead)
        {
            ahead.close();
            ahead = null;
        }
    }

    @Override
    public String roleName()
    {
        return "flotilla-claimer-" + shard + "-" + slot;
    }

    /** @return the ordinal of the next excerpt this worker's tailer will read. */
    public long ordinal()
    {
        return ordinal;
    }

    /** @return claims this worker lost to another worker of the shard. */
    public long lostClaims()
    {
        return lost;
    }

    private int claimOne()
    {
        final long cursor = counters.claimCursor(shard);
        if (cursor < ordinal)
        {
            throw CorruptCountersException.of(counters.file(), "shard " + shard + " claim cursor", cursor,
                "at least this worker's tailer ordinal=" + ordinal + " (a cursor only moves forward), slot=" + slot);
        }
        if (ordinal < cursor && 0 == aheadSinceNs)
        {
            aheadSinceNs = System.nanoTime();
        }
        while (ordinal < cursor)
        {
            if (!passOne())
            {
                checkCursorAhead(cursor);
                return 0;
            }
        }
        aheadSinceNs = 0;
        full = false;
        final boolean room = handler.hasCapacity();

        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return 0;
            }
            final UnsafeBuffer buffer = view.wrap(dc);
            final byte type = buffer.capacity() > 0 ? buffer.getByte(EnvelopeDescriptor.TYPE_OFFSET) : 0;
            int inFlightIndex = -1;
            if (EnvelopeDescriptor.TYPE_TASK == type)
            {
                if (!room)
                {
                    // left for a worker with room; define and cancel records are claimed all the same
                    dc.rollbackOnClose();
                    full = true;
                    return 0;
                }
                task.wrap(buffer, 0, buffer.capacity());
                inFlightIndex = inFlight.add(task.taskId());
                if (inFlightIndex < 0)
                {
                    dc.rollbackOnClose();
                    return 0;
                }
            }

            if (!counters.claim(shard, ordinal))
            {
                if (inFlightIndex >= 0)
                {
                    inFlight.remove(inFlightIndex);
                }
                lost++;
                apply(type, buffer, false, -1);
                ordinal++;
                return 1;
            }
            ordinal++;
            apply(type, buffer, true, inFlightIndex);
            return 1;
        }
    }

    /**
     * The tailer found nothing to read below the cursor: fine while another process's append becomes visible, corrupt
     * when the cursor has been out of reach for longer than the timeout (a worker passing tasks as they come in
     * never catches up with a cursor set far ahead, so the time counts from when it fell behind, not from the last
     * excerpt it passed).
     */
    private void checkCursorAhead(final long cursor)
    {
        final long aheadNs = System.nanoTime() - aheadSinceNs;
        if (aheadNs > cursorAheadTimeoutNs)
        {
            throw CorruptCountersException.of(counters.file(), "shard " + shard + " claim cursor", cursor,
                "at most the excerpts of the work queue, but this worker's tailer found nothing to read at " +
                "ordinal=" + ordinal + " with the cursor out of reach for " +
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(aheadNs) + " ms (" + CURSOR_AHEAD_TIMEOUT_PROPERTY + "=" +
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(cursorAheadTimeoutNs) + "), slot=" + slot);
        }
    }

    private static long cursorAheadTimeoutMs()
    {
        final String value = System.getProperty(CURSOR_AHEAD_TIMEOUT_PROPERTY);
        if (null == value)
        {
            return DEFAULT_CURSOR_AHEAD_TIMEOUT_MS;
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a number of ms: " + CURSOR_AHEAD_TIMEOUT_PROPERTY + "=" + value);
        }
    }

    private boolean passOne()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final UnsafeBuffer buffer = view.wrap(dc);
            final byte type = buffer.capacity() > 0 ? buffer.getByte(EnvelopeDescriptor.TYPE_OFFSET) : 0;
            apply(type, buffer, false, -1);
            ordinal++;
            return true;
        }
    }

    /**
     * Reads what is written ahead of the cursor, without claiming, and notes the task ids of its cancel records; for
     * a worker with no room, whose claim tailer waits at a task.
     *
     * @return excerpts read.
     */
    private int readAhead()
    {
        if (null == ahead)
        {
            ahead = workQueue.createTailer();
            aheadOrdinal = 0;
        }
        if (aheadOrdinal < ordinal)
        {
            // behind the claim tailer: start where it waits (what it passed needs no look-ahead)
            if (!ahead.moveToIndex(tailer.index()))
            {
                return 0;
            }
            aheadOrdinal = ordinal;
        }
        int read = 0;
        while (read < READ_AHEAD_LIMIT)
        {
            try (DocumentContext dc = ahead.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final UnsafeBuffer buffer = aheadView.wrap(dc);
                if (buffer.capacity() > 0 && EnvelopeDescriptor.TYPE_CANCEL == buffer.getByte(EnvelopeDescriptor.TYPE_OFFSET))
                {
                    // a task this worker holds stops now (its cancel may wait behind a task there is no room for);
                    // one queued behind the cursor is noted, to be answered without running once claimed
                    cancel.wrap(buffer, 0, buffer.capacity());
                    cancelledAhead.add(cancel.taskId());
                    handler.onCancel(cancel);
                }
                aheadOrdinal++;
                read++;
            }
        }
        return read;
    }

    /** @return how many cancelled task ids this worker has read ahead of its claim tailer; for tests. */
    public int cancelledAhead()
    {
        return cancelledAhead.size();
    }

    private void apply(final byte type, final UnsafeBuffer buffer, final boolean claimed, final int inFlightIndex)
    {
        switch (type)
        {
            case EnvelopeDescriptor.TYPE_TASK ->
            {
                if (claimed)
                {
                    counters.addClaimed(slot, task.chunkLength());
                    if (!cancelledAhead.isEmpty() && cancelledAhead.contains(task.taskId()))
                    {
                        handler.onCancelledBeforeStart(task, inFlightIndex);
                    }
                    else
                    {
                        handler.onTask(task, inFlightIndex);
                    }
                }
            }
            case EnvelopeDescriptor.TYPE_DEFINE -> handler.onDefine(define.wrap(buffer, 0, buffer.capacity()));
            case EnvelopeDescriptor.TYPE_CANCEL ->
            {
                cancel.wrap(buffer, 0, buffer.capacity());
                if (!cancelledAhead.isEmpty())
                {
                    cancelledAhead.remove(cancel.taskId());
                }
                handler.onCancel(cancel);
            }
            default -> LOGGER.log(Level.WARNING, "skipping unknown envelope in work queue: shard={0}, ordinal={1}, " +
                "type={2}", shard, ordinal, EnvelopeDescriptor.typeName(type));
        }
    }
}
