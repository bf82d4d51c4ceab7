package io.flotilla.cluster.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeTableTest
{
    private final ReentrantLock lock = new ReentrantLock();
    private final NodeTable table = new NodeTable(2, lock, lock.newCondition());

    static NodeSlot node(final String address)
    {
        return new NodeSlot(UUID.randomUUID(), null, address);
    }

    @Test
    void theLeastLoadedNodeWithRoomGetsTheChunkAndTheFirstJoinedOnATie()
    {
        final NodeSlot a = node("a:1");
        final NodeSlot b = node("b:1");
        table.join(List.of(a, b));

        assertSame(a, table.leastLoaded(), "a tie goes to the first joined");
        assertEquals(1, table.sent(a));
        assertSame(b, table.leastLoaded());
        assertEquals(1, table.sent(b));
        assertSame(a, table.leastLoaded());
        assertEquals(2, table.sent(a));
        assertSame(b, table.leastLoaded());
        assertEquals(2, table.sent(b));
        assertNull(table.leastLoaded(), "every window of chunksPerNode=2 is full");

        table.returned(b);
        assertSame(b, table.leastLoaded(), "a returned chunk frees room");
    }

    @Test
    void noNodeMeansNoRoom()
    {
        assertNull(table.leastLoaded());
        assertEquals(0, table.size());
        assertEquals(List.of(), table.addresses());
    }

    @Test
    void aSecondJoinOfTheSameUuidKeepsTheFirstNode()
    {
        final NodeSlot first = node("a:1");
        table.join(List.of(first));
        table.sent(first);
        table.join(List.of(new NodeSlot(first.id, null, "a:2")));

        assertEquals(1, table.size());
        assertEquals(List.of("a:1"), table.addresses());
        assertSame(first, table.leastLoaded());
    }

    @Test
    void aLeftNodeGetsNoChunkAndItsReturnsStillCount()
    {
        final NodeSlot a = node("a:1");
        final NodeSlot b = node("b:1");
        table.join(List.of(a, b));
        table.sent(a);

        assertSame(a, table.leave(a.id));
        assertNull(table.leave(a.id), "left already");
        assertEquals(List.of("b:1"), table.addresses());
        assertSame(b, table.leastLoaded());

        table.returned(a);
        assertEquals(0, a.inFlight, "a chunk that comes back after its node left is still counted off");
    }

    @Test
    void dropRemovesOnlyThatVeryNode()
    {
        final NodeSlot old = node("a:1");
        table.join(List.of(old));
        table.leave(old.id);
        final NodeSlot rejoined = new NodeSlot(old.id, null, "a:1");
        table.join(List.of(rejoined));

        assertFalse(table.drop(old), "the node that left is not the one that joined again with its UUID");
        assertEquals(1, table.size());
        assertTrue(table.drop(rejoined));
        assertEquals(0, table.size());
    }

    @Test
    void addressesFollowTheJoinOrder()
    {
        table.join(List.of(node("c:1"), node("a:1")));
        table.join(List.of(node("b:1")));

        assertEquals(List.of("c:1", "a:1", "b:1"), table.addresses());
    }

    @Test
    void awaitNodesReturnsWhenEnoughJoinedOrFalseWhenTimeRunsOut() throws Exception
    {
        assertFalse(table.awaitNodes(1, TimeUnit.MILLISECONDS.toNanos(20)));

        final Thread joiner = Thread.ofVirtual().start(() ->
        {
            table.join(List.of(node("a:1")));
            table.join(List.of(node("b:1")));
        });
        assertTrue(table.awaitNodes(2, TimeUnit.SECONDS.toNanos(10)));
        joiner.join();
        assertTrue(table.awaitNodes(2, 0), "enough nodes are in: no wait");
    }

    @Test
    void aWindowOfNoChunkIsRefusedWithItsValue()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new NodeTable(0, lock, lock.newCondition()));
        assertTrue(ex.getMessage().contains("chunksPerNode=0"), ex.getMessage());
    }
}
