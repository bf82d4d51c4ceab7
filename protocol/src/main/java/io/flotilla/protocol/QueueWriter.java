package io.flotilla.protocol;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ControlledMessageHandler;

/**
 * Drains an {@link EnvelopeRing} into a Chronicle queue, one excerpt per envelope, up to a batch limit per duty
 * cycle. A Chronicle appender is used by one thread at a time: this agent creates its appender in {@link #onStart()}
 * and runs on one thread at a time, its runner's or, through a {@link SharedDutyCycle}, a caller's that holds the
 * cycle (which orders each runner's writes before the next one's).
 * <p>
 * Every append first has its bytes backed ({@link QueueSpace}). When the file system has no room, the envelope stays
 * in the ring, the duty cycle throws a {@link NoSpaceException} (once, until an append succeeds again) and the writer
 * tries again every {@link #NO_SPACE_RETRY_NS}: nothing is mapped over missing blocks, so nothing faults.
 */
public final class QueueWriter implements Agent
{
    /** Told about each envelope once it is in the queue (for example to free an in-flight entry). */
    @FunctionalInterface
    public interface WriteListener
    {
        void onWritten(DirectBuffer buffer, int offset, int length);
    }

    /** How long an append retries while a live process holds the queue's write lock, before the pool fails. */
    static final long APPEND_GIVE_UP_NS = 30_000_000_000L;

    /** How long the writer waits after the file system refused room before it tries again. */
    static final long NO_SPACE_RETRY_NS = 100_000_000L;

    /** Default number of envelopes drained per duty cycle. */
    public static final int DEFAULT_BATCH_LIMIT = 256;

    private static final System.Logger LOGGER = System.getLogger(QueueWriter.class.getName());

    private final String roleName;
    private final ChronicleQueue queue;
    private final EnvelopeRing ring;
    private final int batchLimit;
    private final WriteListener listener;
    private final ControlledMessageHandler handler = this::onMessage;
    private final QueueSpace space;
    private ExcerptAppender appender;
    /** The refusal of the last append, until one succeeds; thrown once. */
    private NoSpaceException noSpace;
    private boolean noSpaceReported;
    private long retryAtNs;
    /** Keeps the pages ahead of the appender present: two of the largest envelopes, at least 256 KiB. */
    private final PageToucher toucher;

    /**
     * @param listener told after each write, or null.
     */
    public QueueWriter(
        final String roleName,
        final SingleChronicleQueue queue,
        final EnvelopeRing ring,
        final int batchLimit,
        final WriteListener listener)
    {
        this.roleName = roleName;
        this.queue = queue;
        this.ring = ring;
        this.batchLimit = batchLimit;
        this.listener = listener;
        this.space = new QueueSpace(queue);
        this.toucher = new PageToucher(Math.max(256 << 10, 2L * ring.maxEnvelopeLength()), 2);
    }

    @Override
    public void onStart()
    {
        appender = queue.createAppender();
        // one thread at a time, not always the same one (see the class comment)
        appender.singleThreadedCheckDisabled(true);
    }

    @Override
    public int doWork()
    {
        if (null != noSpace && System.nanoTime() - retryAtNs < 0)
        {
            return 0;
        }
        final int written = ring.controlledRead(handler, batchLimit);
        if (null != noSpace)
        {
            retryAtNs = System.nanoTime() + NO_SPACE_RETRY_NS;
            if (!noSpaceReported)
            {
                noSpaceReported = true;
                throw noSpace;
            }
        }
        else if (0 == written)
        {
            try
            {
                toucher.touchAhead(appender, space);
            }
            catch (final RuntimeException | InternalError ex)
            {
                // a page that faults although backed (the file was truncated under the queue): the next append
                // reports it
            }
        }
        return written;
    }

    @Override
    public void onClose()
    {
        if (null != appender)
        {
            appender.close();
            appender = null;
        }
        space.close();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    private ControlledMessageHandler.Action onMessage(
        final int msgTypeId, final DirectBuffer buffer, final int index, final int length)
    {
        try
        {
            space.prepareCycle();
            append(buffer, index, length);
        }
        catch (final NoSpaceException ex)
        {
            if (null == noSpace)
            {
                noSpaceReported = false;
            }
            noSpace = ex;
            return ControlledMessageHandler.Action.ABORT;
        }
        noSpace = null;
        if (null != listener)
        {
            listener.onWritten(buffer, index, length);
        }
        return ControlledMessageHandler.Action.CONTINUE;
    }

    /**
     * @throws NoSpaceException when the envelope's bytes cannot be backed; nothing is appended then.
     */
    private void append(final DirectBuffer buffer, final int index, final int length)
    {
        int failures = 0;
        long giveUpAt = 0;
        while (true)
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                final net.openhft.chronicle.bytes.Bytes<?> bytes = dc.wire().bytes();
                try
                {
                    space.ensure(bytes, length);
                }
                catch (final NoSpaceException ex)
                {
                    dc.rollbackOnClose();
                    throw ex;
                }
                bytes.write((BytesStore<?, ?>)ring.bytesStore(), (long)index, (long)length);
                if (HopStamps.traced(buffer, index, length))
                {
                    // the trailer's last stamp is this hop's
                    bytes.writeLong(bytes.writePosition() - Long.BYTES, System.nanoTime());
                }
                return;
            }
            catch (final net.openhft.chronicle.wire.UnrecoverableTimeoutException ex)
            {
                // a live process held the write lock past its timeout (a long GC pause, say): wait and try again,
                // for a bounded time; anything else is no reason to wait and fails the duty cycle at once
                final long now = System.nanoTime();
                giveUpAt = 0 == failures ? now + APPEND_GIVE_UP_NS : giveUpAt;
                if (failures++ % 20 == 0)
                {
                    LOGGER.log(System.Logger.Level.WARNING, "append failed, retrying: queue=" + queue.file() +
                        ", attempt=" + failures + ", problem=" + ex);
                }
                if (queue.isClosed() || now - giveUpAt > 0)
                {
                    throw new IllegalStateException("appends failed for " + APPEND_GIVE_UP_NS / 1_000_000_000 +
                        " s, the queue's write lock is held by a live process: queue=" + queue.file() + ", attempts=" +
                        failures, ex);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
    }
}
