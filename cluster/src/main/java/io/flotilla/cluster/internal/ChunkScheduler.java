package io.flotilla.cluster.internal;

import io.flotilla.TaskFailedException;

import java.util.ArrayList;
import java.util.List;

/**
 * The send loop: a duty cycle that gives waiting chunks to the nodes with room and sends them, run by a
 * {@link DrainLoop} so that it never re-enters itself. An answer or failure, from a node's callback or from inside a
 * send, updates the {@link DispatchBook}, answers the chunk (after the cycle, when it came from inside one) and asks
 * for another cycle; a chunk whose node left is sent again as the {@link RetryPolicy} says.
 */
final class ChunkScheduler implements ChunkReplies
{
    private static final System.Logger LOG = System.getLogger(ChunkDispatcher.class.getName());

    private final DispatchBook book;
    private final ChunkSender sender;
    private final RetryPolicy policy;
    private final DrainLoop loop = new DrainLoop(this::doWork);

    ChunkScheduler(final DispatchBook book, final ChunkSender sender, final RetryPolicy policy)
    {
        this.book = book;
        this.sender = sender;
        this.policy = policy;
    }

    /** Sends what the nodes have room for, or, when a cycle runs already, asks it for one more. */
    void dispatch()
    {
        loop.run();
    }

    /** One cycle. @return chunks sent. */
    int doWork()
    {
        final List<Chunk> sends = new ArrayList<>();
        final int taken = book.takeSends(sends);
        for (final Chunk chunk : sends)
        {
            if (!chunk.isAnswered()) // terminate may have failed it since it left the lock
            {
                sender.send(chunk, chunk.node, this);
            }
        }
        return taken;
    }

    @Override
    public void answered(final Chunk chunk, final NodeSlot node, final ChunkOutcome outcome)
    {
        book.answered(chunk, node);
        // a chunk's node time is shared with the other chunks in flight there: size by its share, not its wall time
        book.sizer().record(chunk.task.functionName, outcome.elapsedNanos, outcome.count * chunk.sharing);
        if (chunk.claimAnswer())
        {
            loop.answer(() -> ChunkAnswers.complete(chunk, outcome));
        }
        dispatch();
    }

    @Override
    public void failed(final Chunk chunk, final NodeSlot node, final RetryPolicy.Reason reason, final String cause)
    {
        if (book.failed(chunk, node, reason))
        {
            LOG.log(System.Logger.Level.DEBUG, "sending a chunk again, its node left: node={0}, attempt={1}, items={2}",
                node.address, chunk.attempts, chunk.task.count);
        }
        else if (chunk.claimAnswer())
        {
            final TaskFailedException failure = new TaskFailedException(policy.failure(
                reason, chunk.attempts, node.address, chunk.task.functionName, chunk.task.count, cause));
            loop.answer(() -> chunk.sink.fail(failure));
        }
        dispatch();
    }
}
