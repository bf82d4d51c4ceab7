package io.flotilla.protocol;

/**
 * A chunk's answer in several result envelopes: when a chunk's encoded results do not fit in one envelope (a chunk is
 * sized by its arguments, and 1,000 items of small arguments may answer with 2 KB each), the worker writes them in
 * parts, in item order, each flagged {@link #PART} with its payload starting with the index of its first item (an
 * int); the result header's chunk length is the part's item count. Only the last part frees the task's in-flight
 * entry (the others carry -1), so a worker that dies between parts leaves the task in flight, to be sent again whole.
 * The parent assembles the parts of the attempt it waits for and completes the chunk with the last one.
 */
public final class ResultPart
{
    /** Result flag: this envelope is one part of its chunk's answer. */
    public static final byte PART = 8;
    /** Bytes before a part's items: the index of its first item. */
    public static final int PREFIX_LENGTH = Integer.BYTES;

    private ResultPart()
    {
    }

    /** @return whether the result is one part of its chunk's answer. */
    public static boolean isPart(final ResultEnvelope result)
    {
        return 0 != (result.flags() & PART);
    }

    /**
     * @return the index, in its chunk, of the part's first item, or -1 when the payload is too short to hold it;
     * garbage in a corrupt file (check it against the chunk).
     */
    public static int firstItem(final ResultEnvelope result)
    {
        return result.payloadLength() < PREFIX_LENGTH ? -1 : result.buffer().getInt(result.payloadOffset());
    }
}
