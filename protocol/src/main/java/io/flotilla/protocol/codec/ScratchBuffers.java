package io.flotilla.protocol.codec;

import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * Growable buffers to encode an envelope in before it is copied into a ring. Tasks are encoded on short-lived virtual
 * threads as often as on long-lived ones, so a per-thread buffer would mean a new 4 KiB direct buffer per task;
 * a small shared pool makes the steady state allocation-free. Any thread; a buffer belongs to one thread between
 * {@link #acquire()} and {@link #release}.
 */
public final class ScratchBuffers
{
    private static final int INITIAL_CAPACITY = 4096;

    private final ManyToManyConcurrentArrayQueue<ExpandableDirectByteBuffer> free;

    /**
     * @param pooled buffers kept for reuse; more may be in use at once, the extra ones are dropped on release.
     */
    public ScratchBuffers(final int pooled)
    {
        this.free = new ManyToManyConcurrentArrayQueue<>(Math.max(2, pooled));
    }

    public ExpandableDirectByteBuffer acquire()
    {
        final ExpandableDirectByteBuffer buffer = free.poll();
        return null != buffer ? buffer : new ExpandableDirectByteBuffer(INITIAL_CAPACITY);
    }

    public void release(final ExpandableDirectByteBuffer buffer)
    {
        free.offer(buffer);
    }
}
