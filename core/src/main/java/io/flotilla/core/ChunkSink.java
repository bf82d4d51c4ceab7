package io.flotilla.core;

/**
 * Where the answer to a chunk of tasks goes: called exactly once, with one value or error per item, or with one failure
 * for the whole chunk.
 */
public interface ChunkSink
{
    /**
     * @param values one per item; null where the item failed.
     * @param errors one per item; null where the item has a value, else usually a
     *               {@link io.flotilla.RemoteTaskException}.
     */
    void complete(Object[] values, RuntimeException[] errors);

    /** The chunk cannot be answered at all. */
    void fail(RuntimeException failure);
}
