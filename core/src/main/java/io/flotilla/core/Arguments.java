package io.flotilla.core;

import io.flotilla.protocol.codec.ValueCodec;

import io.flotilla.protocol.codec.ValueCheck;

import java.time.Duration;

/**
 * The checks every pool makes on what it is given, before anything is queued; each failure names what was wrong.
 */
public final class Arguments
{
    private Arguments()
    {
    }

    /** @throws IllegalArgumentException unless at least one item goes in a chunk. */
    public static void checkChunksize(final int chunksize)
    {
        if (chunksize < 1)
        {
            throw new IllegalArgumentException("chunksize must be positive: chunksize=" + chunksize);
        }
    }

    /** @throws IllegalArgumentException unless the timeout is set and positive. */
    public static void checkTimeout(final Duration timeout)
    {
        if (null == timeout || timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("timeout must be positive: timeout=" + timeout);
        }
    }

    /**
     * @param what  how the message names the item, e.g. "items[3]"; the place inside it that no codec takes follows,
     *              e.g. "items[3].address.zip: no codec for type=java.awt.Point".
     * @param limit the largest encoded length allowed.
     * @return the item's encoded length.
     * @throws IllegalArgumentException when no codec takes the item or it is over the limit.
     */
    public static int checkPayload(final Object item, final String what, final int limit)
    {
        return checkPayload(item, what, -1, limit);
    }

    /**
     * {@link #checkPayload(Object, String, int)} for an item of a collection, named {@code what[index]} in a message:
     * the name is built only for a refusal, so checking many items allocates nothing.
     *
     * @param index the item's index, or -1 for a lone item named {@code what}.
     */
    public static int checkPayload(final Object item, final String what, final int index, final int limit)
    {
        final ValueCheck.Refusal refusal = ValueCheck.check(item);
        if (null != refusal)
        {
            throw new IllegalArgumentException(
                "cannot send " + name(what, index) + refusal.path() + ": " + refusal.reason());
        }
        final int length = ValueCodec.encodedLength(item);
        if (length > limit)
        {
            throw new IllegalArgumentException("cannot send " + name(what, index) + ": payload too large: bytes=" +
                length + ", maxPayload=" + limit);
        }
        return length;
    }

    private static String name(final String what, final int index)
    {
        return index < 0 ? what : what + "[" + index + "]";
    }

    /** @throws IllegalArgumentException naming the collection, or the index of the first null tuple. */
    public static void checkTuples(final java.util.Collection<Object[]> tuples)
    {
        if (null == tuples)
        {
            throw new IllegalArgumentException("argumentTuples must not be null: argumentTuples=null");
        }
        int i = 0;
        for (final Object[] tuple : tuples)
        {
            if (null == tuple)
            {
                throw new IllegalArgumentException("argument tuple must not be null: argumentTuples[" + i + "]=null");
            }
            i++;
        }
    }
}
