package io.flotilla.cluster.internal;

/** Where a {@link ChunkSender} reports what became of a chunk it sent. */
interface ChunkReplies
{
    /** The node ran the chunk: every item has a value or an error. */
    void answered(Chunk chunk, NodeSlot node, ChunkOutcome outcome);

    /**
     * The chunk did not come back.
     *
     * @param cause the failure described, for the message when it is not sent again.
     */
    void failed(Chunk chunk, NodeSlot node, RetryPolicy.Reason reason, String cause);
}
