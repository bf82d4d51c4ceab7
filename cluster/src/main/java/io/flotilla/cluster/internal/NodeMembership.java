package io.flotilla.cluster.internal;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells the dispatcher which members are nodes as they join and leave: a member is a node when it is no lite member
 * and carries {@link HazelcastSetup#NODE_ATTRIBUTE}; cluster pools and other lite members never get chunks.
 */
final class NodeMembership implements InitialMembershipListener
{
    private final ChunkDispatcher dispatcher;

    NodeMembership(final ChunkDispatcher dispatcher)
    {
        this.dispatcher = dispatcher;
    }

    @Override
    public void init(final InitialMembershipEvent event)
    {
        final List<NodeSlot> joined = new ArrayList<>();
        for (final Member member : event.getMembers())
        {
            if (isNode(member))
            {
                joined.add(new NodeSlot(member));
            }
        }
        dispatcher.nodesJoined(joined);
    }

    @Override
    public void memberAdded(final MembershipEvent event)
    {
        final Member member = event.getMember();
        dispatcher.nodesJoined(isNode(member) ? List.of(new NodeSlot(member)) : List.of());
    }

    @Override
    public void memberRemoved(final MembershipEvent event)
    {
        dispatcher.nodeLeft(event.getMember().getUuid());
    }

    private static boolean isNode(final Member member)
    {
        return !member.isLiteMember() && null != member.getAttribute(HazelcastSetup.NODE_ATTRIBUTE);
    }
}
