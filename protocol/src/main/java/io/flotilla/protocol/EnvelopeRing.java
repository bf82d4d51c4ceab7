package io.flotilla.protocol;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.PointerBytesStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * A many-to-one Agrona ring of envelopes bound for one Chronicle queue: any thread encodes an envelope straight into
 * the ring ({@link #tryClaim}, then {@link #commit}); the one thread that owns the queue's appender drains it with a
 * {@link QueueWriter}. The ring's memory is also visible to Chronicle as a {@link BytesStore}, so the writer copies a
 * message into an excerpt with one memory copy.
 */
public final class EnvelopeRing
{
    /** Default ring capacity, bytes. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** Message type id used in the ring; the envelope carries its own type. */
    static final int MSG_TYPE_ID = 1;

    private final ManyToOneRingBuffer ring;
    private final PointerBytesStore bytesStore;

    /**
     * @param capacity bytes for messages, a power of two.
     */
    public EnvelopeRing(final int capacity)
    {
        ChronicleLogging.install();
        final UnsafeBuffer buffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
        this.ring = new ManyToOneRingBuffer(buffer);
        this.bytesStore = BytesStore.wrap(buffer.addressOffset(), buffer.capacity());
    }

    /** @return the largest envelope the ring and a queue excerpt can both hold. */
    public int maxEnvelopeLength()
    {
        return Math.min(ring.maxMsgLength(), ChronicleQueues.MAX_EXCERPT_LENGTH);
    }

    /**
     * Claims space for one envelope.
     *
     * @param length of the envelope.
     * @return the offset to encode at in {@link #buffer()}, or a negative value when the ring is full
     * ({@link RingBuffer#INSUFFICIENT_CAPACITY}); the caller backs off and retries.
     */
    public int tryClaim(final int length)
    {
        return ring.tryClaim(MSG_TYPE_ID, length);
    }

    /** @return the ring's memory, to encode into at a claimed offset. */
    public AtomicBuffer buffer()
    {
        return ring.buffer();
    }

    /** Publishes a claimed envelope. */
    public void commit(final int index)
    {
        ring.commit(index);
    }

    /** Gives up a claimed envelope; the reader skips it. */
    public void abort(final int index)
    {
        ring.abort(index);
    }

    /**
     * Copies a whole encoded envelope into the ring.
     *
     * @return false when the ring is full.
     */
    public boolean write(final DirectBuffer source, final int offset, final int length)
    {
        return ring.write(MSG_TYPE_ID, source, offset, length);
    }

    /** @return bytes of message space. */
    public int capacity()
    {
        return ring.capacity();
    }

    /**
     * @return whether an envelope of that length fits now even if the ring is half full: a cheap test a producer
     * makes before it commits to producing (say, before it claims a task whose result must go here).
     */
    public boolean hasRoomFor(final int length)
    {
        return ring.size() + length <= ring.capacity() / 2;
    }

    /** @return bytes waiting in the ring. */
    public int size()
    {
        return ring.size();
    }

    /** Reads up to {@code limit} envelopes; one its handler aborts stays in the ring, first to be read next time. */
    int controlledRead(final ControlledMessageHandler handler, final int limit)
    {
        return ring.controlledRead(handler, limit);
    }

    PointerBytesStore bytesStore()
    {
        return bytesStore;
    }
}
