package io.flotilla.cluster.internal;

import com.hazelcast.cluster.Member;

/** A node as the dispatcher sees it: the member and its chunks in flight (guarded by the dispatcher's lock). */
final class NodeSlot
{
    final Member member;
    final String address;
    int inFlight;

    NodeSlot(final Member member)
    {
        this.member = member;
        this.address = Addresses.of(member);
    }
}
