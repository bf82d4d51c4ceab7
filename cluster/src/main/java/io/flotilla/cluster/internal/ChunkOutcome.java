package io.flotilla.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * What a node answers for a chunk: every item's value or exception, the node's address and how long the node spent on
 * the chunk (which sizes the next chunks). Values travel encoded; exceptions (rare) with Java serialization, so a
 * {@link io.flotilla.RemoteTaskException} keeps the worker's stack and cause chain.
 */
public final class ChunkOutcome implements IdentifiedDataSerializable
{
    String node;
    long elapsedNanos;
    int count;
    byte[] values;
    RuntimeException[] errors;

    public ChunkOutcome()
    {
    }

    ChunkOutcome(final String node, final long elapsedNanos, final Object[] values, final RuntimeException[] errors)
    {
        this.node = node;
        this.elapsedNanos = elapsedNanos;
        this.count = values.length;
        this.values = ItemCodec.encode(values);
        this.errors = errors;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeString(node);
        out.writeLong(elapsedNanos);
        out.writeInt(count);
        out.writeByteArray(values);
        int failed = 0;
        for (final RuntimeException error : errors)
        {
            failed += null == error ? 0 : 1;
        }
        out.writeInt(failed);
        for (int i = 0; i < errors.length; i++)
        {
            if (null != errors[i])
            {
                out.writeInt(i);
                out.writeObject(errors[i]);
            }
        }
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        node = in.readString();
        elapsedNanos = in.readLong();
        count = in.readInt();
        values = in.readByteArray();
        errors = new RuntimeException[count];
        final int failed = in.readInt();
        for (int i = 0; i < failed; i++)
        {
            final int index = in.readInt();
            final Object error = in.readObject();
            errors[index] = error instanceof RuntimeException re ? re :
                new IllegalStateException("node sent an error that is not a RuntimeException: " + error);
        }
    }

    @Override
    public int getFactoryId()
    {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return ClusterSerialization.CHUNK_OUTCOME;
    }
}
