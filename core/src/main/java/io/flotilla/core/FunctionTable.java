package io.flotilla.core;

import io.flotilla.protocol.DefineEnvelope;
import io.flotilla.protocol.LambdaShape;
import io.flotilla.protocol.codec.ScratchBuffers;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pool's functions by small int id. A function's name crosses once, as a define record written to every shard
 * ahead of any task that uses its id; afterwards tasks carry the id alone. Lookups of known functions take no lock.
 */
final class FunctionTable
{
    /** Where define records go: every shard's ring, in order with the tasks. */
    @FunctionalInterface
    interface DefineWriter
    {
        /** Writes the define record in buffer[0, length) to every shard, waiting for room as needed. */
        void writeToEveryShard(ExpandableDirectByteBuffer buffer, int length);
    }

    private final Map<Class<?>, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> names = Collections.synchronizedList(new ArrayList<>(List.of("")));
    private final ScratchBuffers scratch;
    private final DefineWriter writer;

    FunctionTable(final ScratchBuffers scratch, final DefineWriter writer)
    {
        this.scratch = scratch;
        this.writer = writer;
    }

    /**
     * @param function a task class.
     * @param kind     the task interface it must implement ({@code Task} or {@code AsyncTask}).
     * @return its id, defined on every shard before it is returned the first time.
     * @throws IllegalArgumentException naming the class when it is no usable task of that kind.
     */
    int idOf(final Class<?> function, final Class<?> kind)
    {
        final Integer known = ids.get(function);
        if (null != known)
        {
            return known;
        }
        FunctionCheck.check(function, kind);
        synchronized (ids)
        {
            final Integer again = ids.get(function);
            if (null != again)
            {
                return again;
            }
            final int id = define(function.getName(), function.getName(), (byte)0);
            // the id becomes visible only once every shard has its define record ahead of any task using it
            ids.put(function, id);
            return id;
        }
    }

    /**
     * Defines a lambda's shape under a new id, on every shard; the caller keeps the id (per lambda class), so each
     * shape is defined once.
     *
     * @param shape       the shape, as its define record names it ({@link LambdaShape#encode}).
     * @param displayName how errors and tools name it ({@link LambdaShape#displayName}).
     * @return its id, defined on every shard.
     * @throws IllegalArgumentException when the shape is too long for a define record.
     */
    int defineLambda(final String shape, final String displayName)
    {
        synchronized (ids)
        {
            return define(shape, displayName, DefineEnvelope.LAMBDA);
        }
    }

    /** Under the lock: a new id, its define record written to every shard. */
    private int define(final String record, final String displayName, final byte flags)
    {
        final int id = names.size();
        final ExpandableDirectByteBuffer buffer = scratch.acquire();
        try
        {
            final int length = DefineEnvelope.encode(buffer, 0, id, record, flags);
            names.add(displayName);
            writer.writeToEveryShard(buffer, length);
        }
        finally
        {
            scratch.release(buffer);
        }
        return id;
    }

    /** @return the class name of a defined function, or a lambda's readable name. */
    String name(final int id)
    {
        return names.get(id);
    }
}
