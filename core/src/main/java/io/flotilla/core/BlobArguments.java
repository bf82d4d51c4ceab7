package io.flotilla.core;

import io.flotilla.protocol.BlobPolicy;
import io.flotilla.protocol.BlobRegion;
import io.flotilla.protocol.codec.JavaValues;
import io.flotilla.protocol.codec.PoolTypes;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes a large envelope's arguments straight into a slot of the pool's {@link BlobRegion}, so they are copied once,
 * into memory the workers have mapped already, and the envelope carries only a reference. Any thread.
 */
final class BlobArguments
{
    private final BlobRegion region;
    private final PoolTypes types;

    BlobArguments(final BlobRegion region, final PoolTypes types)
    {
        this.types = types;
        this.region = region;
    }

    /**
     * @return {@code slot << 32 | length} of the encoded arguments, now in a slot the parent holds for the task; or -1
     * when they are small, no slot is free or they do not fit one (send them through the queue).
     */
    long encode(final Pending entry)
    {
        if (!BlobPolicy.large(BlobPolicy.lowerBound(entry.arguments, entry.arguments.length)) ||
            !BlobPolicy.cannotOverrun(entry.arguments, entry.arguments.length, 0, region.capacity()))
        {
            return -1;
        }
        final int slot = region.lease(entry.taskId, BlobRegion.PARENT);
        if (slot < 0)
        {
            return -1;
        }
        final UnsafeBuffer data = region.data(slot);
        int at = 0;
        try
        {
            for (final Object argument : entry.arguments)
            {
                at = JavaValues.encode(data, at, argument, types);
            }
        }
        catch (final IndexOutOfBoundsException tooLarge)
        {
            region.release(slot);
            return -1;
        }
        return (long)slot << 32 | at;
    }

    /**
     * Creates the pool's blob region, sized for its payload limit: at least two slots per worker, as many as 8 MiB
     * holds, at most 64 slots and 64 MiB. None when the limit is below what goes into slots, or when the pool keeps
     * its files: slots are used again, so a pool kept for {@code flotilla replay} sends every payload through its
     * queues, where the files keep it.
     *
     * @return the region, or null.
     */
    static BlobRegion createRegion(
        final java.nio.file.Path file, final int maxPayload, final int processes, final boolean keepFiles)
    {
        if (keepFiles || !BlobPolicy.large(maxPayload))
        {
            return null;
        }
        // a result carries a status byte per item beyond the payload limit: room for chunks of 8,192
        final long capacity = Math.min(1 << 30, ((long)maxPayload + 8192 + 4095) & -4096L);
        final long slots = Math.max(2, Math.min(Math.min(64, Math.max(2L * processes + 2, (8L << 20) / capacity)),
            (64L << 20) / capacity));
        return BlobRegion.create(file, (int)slots, (int)capacity);
    }

    /** Frees a slot this thread holds, whose envelope was never sent. */
    void release(final int slot)
    {
        region.release(slot);
    }

    /** @return the lease word of a slot this thread holds. */
    long lease(final int slot)
    {
        return region.leaseWord(slot);
    }
}
