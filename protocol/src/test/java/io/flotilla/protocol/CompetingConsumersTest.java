package io.flotilla.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two worker JVMs claim from one shard: each excerpt is taken exactly once, and both do work.
 */
class CompetingConsumersTest
{
    private static final int TASKS = 100_000;
    private static final int WINDOW = 8192;

    @Test
    @Timeout(180)
    void twoWorkersOnOneShardTakeEachTaskExactlyOnce() throws Exception
    {
        final BitSet seen = new BitSet(TASKS + 1);
        final int[] byWorker = new int[3];
        final int[] received = new int[1];

        try (EchoHarness harness = new EchoHarness(1, 2, result ->
        {
            final long id = result.taskId();
            if (id < 1 || id > TASKS || seen.get((int)id))
            {
                fail("unexpected or duplicate result: taskId=" + id + ", workerId=" + result.workerId());
            }
            seen.set((int)id);
            byWorker[result.workerId()]++;
            received[0]++;
        }))
        {
            harness.startResponder(1, 0);
            harness.startResponder(2, 0);
            harness.awaitReady();

            harness.submitAllAndAwait("1 shard, 2 competing workers", TASKS, WINDOW, id -> 0, () -> received[0]);

            assertEquals(TASKS, seen.cardinality(), "no gap");
            assertEquals(TASKS, seen.nextClearBit(1) - 1, "ids 1.." + TASKS + " all present");
            assertTrue(byWorker[1] > 0 && byWorker[2] > 0,
                "both workers did work: worker1=" + byWorker[1] + ", worker2=" + byWorker[2]);
            final CountersFile counters = harness.transport.counters();
            assertEquals(TASKS, counters.claimCursor(0), "cursor passed every excerpt once");
            assertEquals(TASKS, counters.claimed(1) + counters.claimed(2), "claims add up");
            assertEquals(byWorker[1], counters.claimed(1));
            assertEquals(byWorker[2], counters.claimed(2));
            System.out.printf("competing consumers: worker1=%d worker2=%d%n", byWorker[1], byWorker[2]);
        }
    }
}
