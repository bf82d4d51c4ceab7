package io.flotilla.cluster.internal;

import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;

import java.util.concurrent.ExecutionException;

/**
 * Sends chunks with Hazelcast's executor and tells a failure's {@link RetryPolicy.Reason} from Hazelcast's exceptions:
 * a member that left or is no member is gone; a dropped connection may heal; anything else failed on the node.
 */
final class HazelcastSender implements ChunkSender
{
    private final IExecutorService executor;

    HazelcastSender(final IExecutorService executor)
    {
        this.executor = executor;
    }

    @Override
    public void send(final Chunk chunk, final NodeSlot node, final ChunkReplies replies)
    {
        try
        {
            executor.submitToMember(chunk.task, node.member, new ExecutionCallback<ChunkOutcome>()
            {
                @Override
                public void onResponse(final ChunkOutcome outcome)
                {
                    replies.answered(chunk, node, outcome);
                }

                @Override
                public void onFailure(final Throwable failure)
                {
                    replies.failed(chunk, node, reasonOf(failure), describe(failure));
                }
            });
        }
        catch (final RuntimeException ex)
        {
            replies.failed(chunk, node, reasonOf(ex), describe(ex));
        }
    }

    static RetryPolicy.Reason reasonOf(final Throwable failure)
    {
        boolean unreachable = false;
        for (Throwable t = failure; null != t; t = t.getCause() == t ? null : t.getCause())
        {
            // unlike a disconnect, which may heal, these mean the member is out of the cluster
            if (t instanceof MemberLeftException || t instanceof TargetNotMemberException)
            {
                return RetryPolicy.Reason.NODE_LEFT;
            }
            unreachable |= t instanceof TargetDisconnectedException;
        }
        return unreachable ? RetryPolicy.Reason.NODE_UNREACHABLE : RetryPolicy.Reason.REMOTE_FAILURE;
    }

    static String describe(final Throwable failure)
    {
        Throwable root = failure;
        while (root instanceof ExecutionException && null != root.getCause())
        {
            root = root.getCause();
        }
        return root.getClass().getName() + (null != root.getMessage() ? ": " + root.getMessage() : "");
    }
}
