package io.flotilla.cluster.internal;

import com.hazelcast.cluster.Member;

import java.util.UUID;

/**
 * A node as the dispatcher sees it: its member UUID, the member to send to, its address for messages and its chunks in
 * flight (written and read under the dispatcher's lock, through the {@link NodeTable}).
 */
final class NodeSlot
{
    final UUID id;
    final Member member;
    final String address;
    int inFlight;

    NodeSlot(final Member member)
    {
        this(member.getUuid(), member, Addresses.of(member));
    }

    /** @param member null where nothing is sent through Hazelcast (tests with their own sender). */
    NodeSlot(final UUID id, final Member member, final String address)
    {
        this.id = id;
        this.member = member;
        this.address = address;
    }

    @Override
    public String toString()
    {
        return "NodeSlot{address=" + address + ", inFlight=" + inFlight + "}";
    }
}
