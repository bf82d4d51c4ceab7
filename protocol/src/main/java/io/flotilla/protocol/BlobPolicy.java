package io.flotilla.protocol;

import io.flotilla.protocol.codec.ValueCodec;
import org.agrona.DirectBuffer;

/**
 * Which payloads cross in a {@link BlobRegion} slot rather than in the queue: those of at least {@link #MIN_BYTES}.
 * From one page up, an append into fresh queue pages costs a page fault and the kernel's zeroing per page on each
 * side, more than the slot's two compare-and-sets (round trips measured here, one in flight: 4 KiB 38 us in a slot
 * against 51-92 us in the queue, 8 KiB 36 against 44-48, 32 KiB 50 against 78-86, on a loaded 2-core machine). The size
 * is a cheap lower bound of the encoding (no pass over a string's characters): the payload is then encoded straight
 * into the slot, and one that turns out not to fit goes through the queue after all.
 */
public final class BlobPolicy
{
    /** Payloads this large or larger go through a blob slot; {@code -Dflotilla.blobMinBytes} overrides it. */
    public static final int MIN_BYTES = Integer.getInteger("flotilla.blobMinBytes", 4 << 10);

    private BlobPolicy()
    {
    }

    /** @return whether values whose encodings together take at least {@code bytes} belong in a blob slot. */
    public static boolean large(final long bytes)
    {
        return bytes >= MIN_BYTES;
    }

    /**
     * @param perItem bytes each value takes beyond its encoding (a result's status byte).
     * @return whether the values, encoded into a slot of {@code capacity} bytes, cannot overrun it: always while Agrona
     * checks bounds (an overrun throws, and the values go through the queue instead); with bounds checks off, only
     * when their exact length says they fit.
     */
    public static boolean cannotOverrun(final Object[] values, final int count, final int perItem, final int capacity)
    {
        if (DirectBuffer.SHOULD_BOUNDS_CHECK)
        {
            return true;
        }
        long length = 0;
        for (int i = 0; i < count; i++)
        {
            if (null != ValueCodec.unsupportedReason(values[i]))
            {
                return false;
            }
            length += perItem + ValueCodec.encodedLength(values[i]);
            if (length > capacity)
            {
                return false;
            }
        }
        return true;
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
