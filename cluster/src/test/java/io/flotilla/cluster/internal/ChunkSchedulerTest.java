package io.flotilla.cluster.internal;

import io.flotilla.TaskFailedException;
import io.flotilla.cluster.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.flotilla.cluster.internal.RetryPolicy.Reason.NODE_LEFT;
import static io.flotilla.cluster.internal.RetryPolicy.Reason.NODE_UNREACHABLE;
import static io.flotilla.cluster.internal.RetryPolicy.Reason.REMOTE_FAILURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher's send loop driven by a {@link FakeSender} and a hand-set clock: windows, answers from the test, from
 * callbacks and from inside a send, re-sends, failures, the no-node timeout and termination, with no Hazelcast.
 */
class ChunkSchedulerTest
{
    private static final long MS = 1_000_000L;

    private final FakeSender sender = new FakeSender();
    private final long[] now = {42 * MS};
    private final ChunkDispatcher dispatcher = new ChunkDispatcher(sender, ClusterConfig.builder()
        .clusterName("test-cluster").chunksPerNode(2).maxRetries(1).joinTimeout(Duration.ofSeconds(1)).config(),
        () -> now[0]);
    private final NodeSlot a = new NodeSlot(UUID.randomUUID(), null, "a:1");
    private final NodeSlot b = new NodeSlot(UUID.randomUUID(), null, "b:1");

    private static ItemRun run(final int items)
    {
        final Object[] arguments = IntStream.range(0, items).boxed().toArray();
        final int[] lengths = new int[items];
        Arrays.fill(lengths, 8);
        return new ItemRun("f", ChunkTask.SYNC, 0, arguments, lengths, 1, 1 << 20);
    }

    private static List<Object> squares(final int items)
    {
        return IntStream.range(0, items).mapToObj(i -> (Object)((long)i * i)).toList();
    }

    private void assertAllAnswered(final ItemRun run, final int items)
    {
        assertTrue(run.done().isDone(), "every item answered");
        assertNull(run.firstError());
        assertEquals(squares(items), Arrays.asList(run.values()));
        assertEquals(0, dispatcher.chunksInFlight());
        assertTrue(sender.open.isEmpty());
    }

    @Test
    void chunksFillEveryWindowAndEachAnswerSendsTheNext()
    {
        dispatcher.nodesJoined(List.of(a, b));
        final ItemRun run = run(10);
        dispatcher.offer(run);

        assertEquals(4, sender.sent.size(), "chunksPerNode=2 on each of two nodes");
        assertEquals(List.of(a, b, a, b), sender.sent.stream().map(FakeSender.Sent::node).toList(),
            "the least loaded node first, the first joined on a tie");
        assertEquals(4, dispatcher.chunksInFlight());

        sender.answer(sender.sent.get(1));
        assertEquals(5, sender.sent.size());
        assertSame(b, sender.last().node(), "the freed slot is used");

        sender.answerAll();
        assertEquals(10, sender.sent.size());
        assertEquals(10, dispatcher.answeredChunks());
        assertEquals(0, dispatcher.resentChunks());
        assertAllAnswered(run, 10);
    }

    @Test
    void answersFromInsideTheSendDoNotReEnterTheLoopAndLoseNoChunk()
    {
        sender.insideSend = sender::answer;
        dispatcher.nodesJoined(List.of(a));
        final ItemRun run = run(50);
        dispatcher.offer(run);

        assertEquals(1, sender.deepest, "no send inside a send: the loop was not re-entered");
        assertEquals(50, sender.sent.size());
        assertAllAnswered(run, 50);
    }

    @Test
    void aCallbackThatSubmitsAgainFromInsideAnAnswerGetsItsWorkSent() throws Exception
    {
        sender.insideSend = sender::answer;
        dispatcher.nodesJoined(List.of(a));
        final SubmitQueue queue = new SubmitQueue("f", ChunkTask.SYNC, 0, 1 << 20);
        final List<CompletableFuture<Object>> futures = new ArrayList<>();
        final int submits = 30;
        for (int i = 0; i < submits; i++)
        {
            futures.add(new CompletableFuture<>());
        }
        for (int i = 0; i < submits - 1; i++)
        {
            final int next = i + 1;
            futures.get(i).thenRun(() ->
            {
                assertEquals(0, sender.depth, "the answer runs outside the send");
                queue.add(next, 8, futures.get(next));
                dispatcher.offer(queue);
            });
        }
        queue.add(0, 8, futures.get(0));
        dispatcher.offer(queue);

        for (int i = 0; i < submits; i++)
        {
            assertEquals((long)i * i, futures.get(i).get(0, TimeUnit.SECONDS));
        }
        assertEquals(1, sender.deepest);
        assertEquals(submits, sender.sent.size());
        assertEquals(0, dispatcher.chunksInFlight());
    }

    @Test
    void aCallbackThatAnswersAnotherChunkFromInsideItsOwnAnswerLosesNothing() throws Exception
    {
        dispatcher.nodesJoined(List.of(a));
        final SubmitQueue queue = new SubmitQueue("f", ChunkTask.SYNC, 0, 1 << 20);
        final int submits = 40;
        final List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < submits; i++)
        {
            final CompletableFuture<Object> future = new CompletableFuture<>();
            future.thenRun(sender::answerOldest);
            futures.add(future);
            queue.add(i, 8, future);
            dispatcher.offer(queue);
        }
        assertEquals(2, sender.sent.size(), "the window is full: the rest wait, batched");

        sender.answerOldest(); // its future's callback answers the second chunk, inside the first answer

        assertEquals(0L, futures.get(0).get(0, TimeUnit.SECONDS));
        assertEquals(1L, futures.get(1).get(0, TimeUnit.SECONDS));
        assertEquals(3, sender.sent.size(), "the waiting submits left together as one chunk");
        assertEquals(1, sender.open.size());
        sender.answerAll();
        for (int i = 0; i < submits; i++)
        {
            assertEquals((long)i * i, futures.get(i).get(0, TimeUnit.SECONDS));
        }
        assertEquals(1, sender.deepest);
        assertEquals(3, sender.sent.size());
        assertEquals(0, dispatcher.chunksInFlight());
    }

    @Test
    void aChunkWhoseNodeLeftGoesToALiveNodeUntilItsRetriesRunOut()
    {
        dispatcher.nodesJoined(List.of(a, b));
        final ItemRun run = run(1);
        dispatcher.offer(run);
        assertSame(a, sender.last().node());

        sender.fail(sender.last(), NODE_LEFT);
        assertEquals(List.of("b:1"), dispatcher.nodeAddresses(), "the node that left is dropped at once");
        assertEquals(2, sender.sent.size());
        assertSame(b, sender.last().node(), "sent again, to the live node");
        assertEquals(1, dispatcher.resentChunks());
        assertFalse(run.done().isDone());

        sender.fail(sender.last(), NODE_LEFT);
        assertTrue(run.done().isDone());
        final RuntimeException error = run.firstError();
        assertInstanceOf(TaskFailedException.class, error);
        assertEquals("chunk lost: the node running it left, attempts=2, maxRetries=1, node=b:1, function=f, items=1",
            error.getMessage());
        assertEquals(1, dispatcher.resentChunks());
        assertEquals(0, dispatcher.chunksInFlight());
    }

    @Test
    void aNodeThatWasUnreachableStaysAndTheChunkIsSentAgain()
    {
        dispatcher.nodesJoined(List.of(a));
        final ItemRun run = run(1);
        dispatcher.offer(run);

        sender.fail(sender.last(), NODE_UNREACHABLE);
        assertEquals(List.of("a:1"), dispatcher.nodeAddresses(), "a dropped connection may heal");
        assertEquals(2, sender.sent.size());
        assertSame(a, sender.last().node());
        assertEquals(1, sender.last().chunk().attempts - 1);

        sender.answer(sender.last());
        assertAllAnswered(run, 1);
    }

    @Test
    void aChunkThatFailedOnItsNodeFailsAtOnceWithTheCause()
    {
        dispatcher.nodesJoined(List.of(a, b));
        final ItemRun run = run(1);
        dispatcher.offer(run);

        sender.fail(sender.last(), REMOTE_FAILURE);
        assertEquals(1, sender.sent.size(), "not sent again");
        assertEquals(0, dispatcher.resentChunks());
        assertEquals(List.of("a:1", "b:1"), dispatcher.nodeAddresses());
        assertEquals("chunk failed on node=a:1, function=f, items=1: java.lang.IllegalStateException: boom",
            run.firstError().getMessage());
    }

    @Test
    void aRetryFromInsideTheSendIsSentByTheOuterLoop()
    {
        sender.insideSend = send ->
        {
            if (1 == send.chunk().attempts)
            {
                sender.fail(send, NODE_LEFT);
            }
        };
        dispatcher.nodesJoined(List.of(a, b));
        final ItemRun run = run(1);
        dispatcher.offer(run);

        assertEquals(1, sender.deepest);
        assertEquals(2, sender.sent.size());
        assertSame(b, sender.last().node());
        sender.answer(sender.last());
        assertAllAnswered(run, 1);
    }

    @Test
    void aFailureFromInsideTheSendIsAnsweredOutsideIt()
    {
        sender.insideSend = send -> sender.fail(send, REMOTE_FAILURE);
        dispatcher.nodesJoined(List.of(a));
        final ItemRun run = run(3);
        final int[] depthWhenDone = {-1};
        run.done().thenRun(() -> depthWhenDone[0] = sender.depth);
        dispatcher.offer(run);

        assertTrue(run.done().isDone());
        assertEquals(0, depthWhenDone[0], "the failure reached the user after the send returned");
        assertEquals(3, sender.sent.size());
        assertEquals(0, dispatcher.chunksInFlight());
    }

    @Test
    void workWithNoNodeFailsAfterTheJoinTimeoutOnTheInjectedClock()
    {
        final ItemRun run = run(3);
        dispatcher.offer(run);
        assertEquals(0, sender.sent.size());

        dispatcher.tick(); // the wait starts now
        now[0] += 999 * MS;
        dispatcher.tick();
        assertFalse(run.done().isDone(), "joinTimeout=1s has not passed");

        now[0] += MS;
        dispatcher.tick();
        assertTrue(run.done().isDone());
        assertEquals("no node left in the cluster to run the task for joinTimeout=PT1S: clusterName=test-cluster",
            run.firstError().getMessage());
        assertEquals(0, sender.sent.size());
    }

    @Test
    void aNodeThatJoinsInTimeGetsTheWaitingWorkAndTheTimerStartsAgain()
    {
        final ItemRun first = run(1);
        dispatcher.offer(first);
        dispatcher.tick();
        now[0] += 900 * MS;
        dispatcher.nodesJoined(List.of(a));
        assertEquals(1, sender.sent.size(), "sent as soon as the node joined");
        dispatcher.tick();
        sender.answerAll();
        assertAllAnswered(first, 1);

        dispatcher.nodeLeft(a.id);
        final ItemRun second = run(1);
        dispatcher.offer(second);
        now[0] += 200 * MS;
        dispatcher.tick(); // a new wait starts: the first one's 900 ms do not count
        now[0] += 900 * MS;
        dispatcher.tick();
        assertFalse(second.done().isDone());
        now[0] += 100 * MS;
        dispatcher.tick();
        assertTrue(second.done().isDone());
    }

    @Test
    void terminateFailsWhatWaitsAndWhatIsInFlightOnceAndALateAnswerChangesNothing()
    {
        dispatcher.nodesJoined(List.of(a));
        final ItemRun run = run(5);
        dispatcher.offer(run);
        assertEquals(2, sender.sent.size());

        dispatcher.terminate();
        assertTrue(run.done().isDone());
        assertEquals("cluster pool terminated before the task ended", run.firstError().getMessage());
        assertEquals(0, dispatcher.chunksInFlight());

        sender.answerAll(); // the nodes answer after all
        assertEquals("cluster pool terminated before the task ended", run.errors()[0].getMessage());
        assertNull(run.values()[0]);
        assertEquals(2, sender.sent.size(), "nothing is sent after terminate");

        final ItemRun late = run(1);
        dispatcher.offer(late);
        assertEquals("cluster pool terminated before the task was sent", late.firstError().getMessage());
    }

    @Test
    void workOfferedAfterCloseForWorkIsRefused() throws Exception
    {
        dispatcher.nodesJoined(List.of(a));
        final ItemRun taken = run(1);
        dispatcher.offer(taken);
        dispatcher.closeForWork();
        final ItemRun refused = run(1);
        dispatcher.offer(refused);

        assertEquals("cluster pool closed before the task was sent", refused.firstError().getMessage());
        sender.answerAll();
        dispatcher.awaitIdle();
        assertAllAnswered(taken, 1);
    }

    @Test
    void aRefusedSubmitFailsItsFuture()
    {
        dispatcher.terminate();
        final SubmitQueue queue = new SubmitQueue("f", ChunkTask.SYNC, 0, 1 << 20);
        final CompletableFuture<Object> future = new CompletableFuture<>();
        queue.add(1, 8, future);
        dispatcher.offer(queue);

        final ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(0, TimeUnit.SECONDS));
        assertEquals("cluster pool terminated before the task was sent", ex.getCause().getMessage());
    }
}
