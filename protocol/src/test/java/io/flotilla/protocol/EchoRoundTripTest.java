package io.flotilla.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real worker JVMs echo envelopes back through real queue files.
 */
class EchoRoundTripTest
{
    private static final int TASKS = 100_000;
    private static final int WINDOW = 4096;

    @Test
    @Timeout(180)
    void everyTaskComesBackOnceAndInOrderPerShard() throws Exception
    {
        final int shards = 2;
        final BitSet seen = new BitSet(TASKS + 1);
        final long[] lastIdPerShard = new long[shards];
        final int[] perShard = new int[shards];
        final int[] received = new int[1];

        try (EchoHarness harness = new EchoHarness(shards, shards, result ->
        {
            final long id = result.taskId();
            if (id < 1 || id > TASKS || seen.get((int)id))
            {
                fail("unexpected or duplicate result: taskId=" + id);
            }
            seen.set((int)id);
            assertEquals(id, result.buffer().getLong(result.payloadOffset()), "payload echoed");
            assertEquals(EnvelopeDescriptor.STATUS_OK, result.status());
            final int shard = (int)(id % shards);
            assertTrue(id > lastIdPerShard[shard], "in order per shard: taskId=" + id + " after " + lastIdPerShard[shard]);
            assertEquals(shard + 1, result.workerId(), "answered by the shard's worker");
            lastIdPerShard[shard] = id;
            perShard[shard]++;
            received[0]++;
        }))
        {
            harness.startResponder(1, 0);
            harness.startResponder(2, 1);
            harness.awaitReady();

            harness.submitAllAndAwait("2 shards, 1 worker each", TASKS, WINDOW, id -> (int)(id % shards), () -> received[0]);

            assertEquals(TASKS, seen.cardinality());
            assertEquals(TASKS / 2, perShard[0]);
            assertEquals(TASKS / 2, perShard[1]);
            final CountersFile counters = harness.transport.counters();
            harness.awaitCondition("completed counts", () -> counters.completed(1) + counters.completed(2) == TASKS);
            assertEquals(TASKS / 2, counters.claimed(1));
            assertEquals(TASKS / 2, counters.claimed(2));
            assertEquals(0, counters.inFlightTable(1).forEach(id -> { }), "no task left in flight");
            assertEquals(0, counters.inFlightTable(2).forEach(id -> { }), "no task left in flight");
        }
    }
}
