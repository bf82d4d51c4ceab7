package io.flotilla.cluster.internal;

/**
 * Sends a chunk to a node. Its answer or failure goes to the {@link ChunkReplies} exactly once, on any thread, possibly
 * before {@code send} returns; {@code send} itself does not throw.
 */
interface ChunkSender
{
    void send(Chunk chunk, NodeSlot node, ChunkReplies replies);
}
