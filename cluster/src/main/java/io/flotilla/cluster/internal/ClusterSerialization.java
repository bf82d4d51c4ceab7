package io.flotilla.cluster.internal;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The Hazelcast factory of what crosses between members: a chunk of tasks and its outcome, each written field by field
 * instead of with Java serialization.
 */
public final class ClusterSerialization implements DataSerializableFactory
{
    /** Registered on every member of a Flotilla cluster. */
    public static final int FACTORY_ID = 0x466C6F74; // "Flot"
    static final int CHUNK_TASK = 1;
    static final int CHUNK_OUTCOME = 2;

    @Override
    public IdentifiedDataSerializable create(final int typeId)
    {
        return switch (typeId)
        {
            case CHUNK_TASK -> new ChunkTask();
            case CHUNK_OUTCOME -> new ChunkOutcome();
            default -> throw new IllegalArgumentException("unknown Flotilla cluster type: typeId=" + typeId);
        };
    }
}
