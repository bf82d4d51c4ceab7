package io.flotilla.protocol;

/**
 * Which payloads cross in a {@link BlobRegion} slot rather than in the queue: those of at least {@link #MIN_BYTES}.
 * Below that, a copy into fresh queue pages costs less than a second hop through shared memory would save. The size
 * is a cheap lower bound of the encoding (no pass over a string's characters): the payload is then encoded straight
 * into the slot, and one that turns out not to fit goes through the queue after all.
 */
public final class BlobPolicy
{
    /** Payloads this large or larger go through a blob slot; {@code -Dflotilla.blobMinBytes} overrides it. */
    public static final int MIN_BYTES = Integer.getInteger("flotilla.blobMinBytes", 16 << 10);

    private BlobPolicy()
    {
    }

    /** @return whether values whose encodings together take at least {@code bytes} belong in a blob slot. */
    public static boolean large(final long bytes)
    {
        return bytes >= MIN_BYTES;
    }

    /** @return a lower bound of the bytes the values' encodings take: their byte arrays and strings. */
    public static long lowerBound(final Object[] values, final int count)
    {
        long bytes = 0;
        for (int i = 0; i < count && bytes < MIN_BYTES; i++)
        {
            bytes += lowerBound(values[i], 0);
        }
        return bytes;
    }

    private static long lowerBound(final Object value, final int depth)
    {
        if (value instanceof byte[] bytes)
        {
            return bytes.length;
        }
        if (value instanceof String string)
        {
            return string.length();
        }
        if (value instanceof Object[] tuple && depth < 8)
        {
            long bytes = 0;
            for (final Object element : tuple)
            {
                bytes += lowerBound(element, depth + 1);
            }
            return bytes;
        }
        return 0;
    }
}
