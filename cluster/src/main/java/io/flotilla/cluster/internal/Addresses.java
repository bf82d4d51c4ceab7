package io.flotilla.cluster.internal;

import com.hazelcast.cluster.Member;

/** How members are named in messages: host:port. */
public final class Addresses
{
    private Addresses()
    {
    }

    public static String of(final Member member)
    {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }
}
