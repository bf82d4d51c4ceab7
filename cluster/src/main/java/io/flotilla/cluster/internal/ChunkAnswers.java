package io.flotilla.cluster.internal;

import io.flotilla.RemoteTaskException;
import io.flotilla.TaskFailedException;
import io.flotilla.TaskTimeoutException;

import java.util.List;

/**
 * Answers chunks and sources: a node's outcome decoded and its errors naming the node, or one failure for all. Called
 * outside the dispatcher's lock, since answering completes user futures whose callbacks may call back in.
 */
final class ChunkAnswers
{
    private ChunkAnswers()
    {
    }

    /** Answers the chunk, which the caller has claimed, with what its node sent. */
    static void complete(final Chunk chunk, final ChunkOutcome outcome)
    {
        final Object[] values;
        try
        {
            values = ItemCodec.decode(outcome.values, outcome.count);
        }
        catch (final RuntimeException ex)
        {
            chunk.sink.fail(new TaskFailedException("results of a chunk could not be decoded: node=" +
                outcome.node + ", function=" + chunk.task.functionName + ", cause=" + ex));
            return;
        }
        final RuntimeException[] errors = outcome.errors;
        for (int i = 0; i < errors.length; i++)
        {
            errors[i] = viaNode(errors[i], outcome.node);
        }
        chunk.sink.complete(values, errors);
    }

    /** Fails every chunk not answered yet, then every item the sources have not cut yet. */
    static void failAll(final List<Chunk> chunks, final List<ChunkSource> sources, final RuntimeException failure)
    {
        for (final Chunk chunk : chunks)
        {
            if (chunk.claimAnswer())
            {
                chunk.sink.fail(failure);
            }
        }
        for (final ChunkSource source : sources)
        {
            source.failRest(failure);
        }
    }

    /** The node's answer with the node named: the worker's stack and the remote cause chain stay as they were. */
    static RuntimeException viaNode(final RuntimeException error, final String node)
    {
        return switch (error)
        {
            case null -> null;
            case RemoteTaskException remote -> new RemoteTaskException("on node " + node + ", " + remote.getMessage(),
                remote.remoteClassName(), remote.remoteMessage(), remote.getStackTrace(),
                remote.getCause() instanceof RemoteTaskException cause ? cause : null);
            case TaskTimeoutException timeout -> new TaskTimeoutException(timeout.getMessage() + ", node=" + node);
            case TaskFailedException failed -> new TaskFailedException(failed.getMessage() + ", node=" + node);
            default -> error;
        };
    }
}
