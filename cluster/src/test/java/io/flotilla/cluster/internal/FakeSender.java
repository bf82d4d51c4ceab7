package io.flotilla.cluster.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link ChunkSender} for tests, on one thread: it records what is sent and lets the test answer or fail each send,
 * from the test, from a future's callback, or from inside {@code send} itself. It notes how deep sends nest.
 */
final class FakeSender implements ChunkSender
{
    record Sent(Chunk chunk, NodeSlot node, ChunkReplies replies)
    {
    }

    final List<Sent> sent = new ArrayList<>();
    final ArrayDeque<Sent> open = new ArrayDeque<>();
    /** Runs inside {@code send}, with the send just recorded; null to leave it open. */
    Consumer<Sent> insideSend;
    int depth;
    int deepest;

    @Override
    public void send(final Chunk chunk, final NodeSlot node, final ChunkReplies replies)
    {
        depth++;
        deepest = Math.max(deepest, depth);
        try
        {
            final Sent send = new Sent(chunk, node, replies);
            sent.add(send);
            open.addLast(send);
            if (null != insideSend)
            {
                insideSend.accept(send);
            }
        }
        finally
        {
            depth--;
        }
    }

    /** Answers the send as a node would, each item's value its square, as a Long. */
    void answer(final Sent send)
    {
        if (!open.remove(send))
        {
            throw new IllegalStateException("answered already: send=" + send);
        }
        final Object[] items = ItemCodec.decode(send.chunk.task.items, send.chunk.task.count);
        final Object[] values = new Object[items.length];
        for (int i = 0; i < items.length; i++)
        {
            final long item = ((Number)items[i]).longValue();
            values[i] = item * item;
        }
        send.replies.answered(send.chunk, send.node,
            new ChunkOutcome(send.node.address, 1_000, values, new RuntimeException[values.length]));
    }

    void fail(final Sent send, final RetryPolicy.Reason reason)
    {
        if (!open.remove(send))
        {
            throw new IllegalStateException("answered already: send=" + send);
        }
        send.replies.failed(send.chunk, send.node, reason, "java.lang.IllegalStateException: boom");
    }

    /** Answers the oldest open send, if there is one. */
    void answerOldest()
    {
        final Sent oldest = open.peekFirst();
        if (null != oldest)
        {
            answer(oldest);
        }
    }

    void answerAll()
    {
        while (!open.isEmpty())
        {
            answer(open.peekFirst());
        }
    }

    Sent last()
    {
        return sent.get(sent.size() - 1);
    }
}
