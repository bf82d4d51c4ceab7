package io.flotilla.cluster.internal;

import io.flotilla.core.ChunkSink;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chunk on its way to a node: the task as sent (encoded once, sent again as is when its node leaves) and where its
 * answer goes. Answered exactly once, whichever of outcome, failure and termination comes first.
 */
final class Chunk
{
    final ChunkTask task;
    final ChunkSink sink;
    private final AtomicBoolean answered = new AtomicBoolean();
    /** Written and read under the dispatcher's lock. */
    int attempts;
    NodeSlot node;
    /** Chunks in flight on its node when it was sent, itself included: they share the node's time. */
    int sharing;

    Chunk(final ChunkTask task, final ChunkSink sink)
    {
        this.task = task;
        this.sink = sink;
    }

    boolean isAnswered()
    {
        return answered.get();
    }

    /** @return true for the one caller that may answer. */
    boolean claimAnswer()
    {
        return answered.compareAndSet(false, true);
    }
}
