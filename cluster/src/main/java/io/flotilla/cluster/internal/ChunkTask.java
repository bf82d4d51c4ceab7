package io.flotilla.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A chunk of tasks of one function, sent to a node with Hazelcast's executor; the node runs it on its local pool and
 * answers with a {@link ChunkOutcome}. The items travel encoded, once, and are decoded only on the node.
 */
public final class ChunkTask implements Callable<ChunkOutcome>, IdentifiedDataSerializable, HazelcastInstanceAware
{
    static final byte SYNC = 0;
    static final byte ASYNC = 1;

    String functionName;
    byte kind;
    /** Per item, or 0 for the node's default. */
    long itemTimeoutMs;
    int count;
    byte[] items;
    private transient HazelcastInstance member;

    public ChunkTask()
    {
    }

    ChunkTask(final String functionName, final byte kind, final long itemTimeoutMs, final int count, final byte[] items)
    {
        this.functionName = functionName;
        this.kind = kind;
        this.itemTimeoutMs = itemTimeoutMs;
        this.count = count;
        this.items = items;
    }

    @Override
    public void setHazelcastInstance(final HazelcastInstance member)
    {
        this.member = member;
    }

    @Override
    public ChunkOutcome call()
    {
        final Object runner = member.getUserContext().get(NodeRunner.USER_CONTEXT_KEY);
        if (!(runner instanceof NodeRunner nodeRunner))
        {
            throw new IllegalStateException("this member runs no Flotilla node: member=" +
                member.getCluster().getLocalMember().getAddress());
        }
        return nodeRunner.run(this);
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeString(functionName);
        out.writeByte(kind);
        out.writeLong(itemTimeoutMs);
        out.writeInt(count);
        out.writeByteArray(items);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        functionName = in.readString();
        kind = in.readByte();
        itemTimeoutMs = in.readLong();
        count = in.readInt();
        items = in.readByteArray();
    }

    @Override
    public int getFactoryId()
    {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return ClusterSerialization.CHUNK_TASK;
    }
}
