package io.flotilla.protocol;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;

/**
 * Drains an {@link EnvelopeRing} into a Chronicle queue, one excerpt per envelope, up to a batch limit per duty
 * cycle. A Chronicle appender is used by one thread at a time: this agent creates its appender in {@link #onStart()}
 * and runs on one thread at a time, its runner's or, through a {@link SharedDutyCycle}, a caller's that holds the
 * cycle (which orders each runner's writes before the next one's).
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

    /** Default number of envelopes drained per duty cycle. */
    public static final int DEFAULT_BATCH_LIMIT = 256;

    private static final System.Logger LOGGER = System.getLogger(QueueWriter.class.getName());

    private final String roleName;
    private final ChronicleQueue queue;
    private final EnvelopeRing ring;
    private final int batchLimit;
    private final WriteListener listener;
    private final MessageHandler handler = this::onMessage;
    private ExcerptAppender appender;
    /** Keeps the pages ahead of the appender present: two of the largest envelopes, at least 256 KiB. */
    private final PageToucher toucher;

    /**
     * @param listener told after each write, or null.
     */
    public QueueWriter(
        final String roleName,
        final ChronicleQueue queue,
        final EnvelopeRing ring,
        final int batchLimit,
        final WriteListener listener)
    {
        this.roleName = roleName;
        this.queue = queue;
        this.ring = ring;
        this.batchLimit = batchLimit;
        this.listener = listener;
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
        final int written = ring.read(handler, batchLimit);
        if (0 == written)
        {
            try
            {
                toucher.touchAhead(appender);
            }
            catch (final RuntimeException | InternalError ex)
            {
                // a page the file system cannot give (full): the next append reports it
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
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    private void onMessage(final int msgTypeId, final DirectBuffer buffer, final int index, final int length)
    {
        // the ring has already given this message up: it must reach the queue, or the pool fails
        int failures = 0;
        long giveUpAt = 0;
        while (true)
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                final net.openhft.chronicle.bytes.Bytes<?> bytes = dc.wire().bytes();
                bytes.write((BytesStore<?, ?>)ring.bytesStore(), (long)index, (long)length);
                if (HopStamps.traced(buffer, index, length))
                {
                    // the trailer's last stamp is this hop's
                    bytes.writeLong(bytes.writePosition() - Long.BYTES, System.nanoTime());
                }
                break;
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
        if (null != listener)
        {
            listener.onWritten(buffer, index, length);
        }
    }
}
