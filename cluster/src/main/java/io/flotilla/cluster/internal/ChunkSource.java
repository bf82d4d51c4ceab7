package io.flotilla.cluster.internal;

/** Work waiting to be cut into chunks: a map's items, or single submits queued while every node was busy. */
interface ChunkSource
{
    /**
     * @param sizer  suggests how many items, from how fast the function ran so far.
     * @param nodes  live nodes, to share a finite input among them.
     * @return the next chunk, or null when this source has nothing more now.
     */
    Chunk cut(ChunkSizer sizer, int nodes);

    /** @return whether items are left to cut. */
    boolean hasMore();

    /** Fails every item not cut yet: no node was left to run them. */
    void failRest(RuntimeException failure);
}
