package io.flotilla.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The least-loaded pick on its own. */
class ShardLoadTest
{
    @Test
    void oneAtATimeStaysOnOneShardAndManySpreadEvenly()
    {
        final ShardLoad load = new ShardLoad(3);
        for (int i = 0; i < 10; i++)
        {
            final int shard = load.pick();
            assertEquals(0, shard, "with nothing in flight it stays where it was");
            load.sent(shard);
            load.ended(shard);
        }
        final int[] sent = new int[3];
        for (int i = 0; i < 300; i++)
        {
            final int shard = load.pick();
            load.sent(shard);
            sent[shard]++;
        }
        assertEquals(100, sent[0]);
        assertEquals(100, sent[1]);
        assertEquals(100, sent[2]);
        for (int i = 0; i < 100; i++)
        {
            load.ended(1);
        }
        assertEquals(1, load.pick(), "the idle shard gets the next");
        assertEquals(0, load.inFlight(1));
    }
}
