package io.flotilla.protocol;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.ExpandableDirectByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A claimer and real queue files: a worker with no room still claims the cancel record at the cursor, and reads
 * ahead for cancel records, so a task cancelled while it waited behind full workers is answered without running.
 */
class ShardClaimerCancelTest
{
    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();
    private boolean room = true;

    @Test
    @Timeout(60)
    void fullWorkerClaimsCancelRecordsAndNotesThoseAheadOfItsCursor()
    {
        try (CountersFile counters = CountersFile.create(dir.resolve("counters.dat"), 1, 1, 64);
            SingleChronicleQueue queue = ChronicleQueues.open(dir.resolve("work-0")))
        {
            final EnvelopeRing ring = new EnvelopeRing(1 << 16);
            final QueueWriter writer = new QueueWriter("test-writer", queue, ring, 64, null);
            final ShardClaimer claimer = new ShardClaimer(queue, counters, 0, 1, handler(), 1);
            writer.onStart();
            claimer.onStart();
            try
            {
                final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64);
                task(ring, buffer, 1);
                cancel(ring, buffer, 1);
                writer.doWork();
                claimer.doWork();
                room = false;
                claimer.doWork(); // no room, yet the cancel of the task it holds is claimed
                assertEquals(List.of("task 1", "cancel 1"), events);

                task(ring, buffer, 2);
                cancel(ring, buffer, 2);
                task(ring, buffer, 3);
                writer.doWork();
                claimer.doWork(); // no room for task 2: reads ahead instead
                assertEquals(1, claimer.cancelledAhead(), "cancel of task 2 noted ahead of the cursor");
                assertEquals(2, counters.claimCursor(0), "task 2 left unclaimed");
                room = true;
                claimer.doWork();
                claimer.doWork();
                claimer.doWork();
                assertEquals(List.of("task 1", "cancel 1", "cancel 2", "cancelled before start 2", "cancel 2", "task 3"),
                    events, "a cancel read ahead is applied at once, and again when passed");
                assertEquals(0, claimer.cancelledAhead(), "passing the cancel record forgets it");
            }
            finally
            {
                claimer.onClose();
                writer.onClose();
            }
        }
    }

    private static void task(final EnvelopeRing ring, final ExpandableDirectByteBuffer buffer, final long taskId)
    {
        final int length = TaskEnvelope.encodeHeader(buffer, 0, 0, 1, taskId, 1, 0, 0, 0);
        ring.write(buffer, 0, length);
    }

    private static void cancel(final EnvelopeRing ring, final ExpandableDirectByteBuffer buffer, final long taskId)
    {
        ring.write(buffer, 0, CancelEnvelope.encode(buffer, 0, taskId, 0, true));
    }

    private ShardClaimer.Handler handler()
    {
        return new ShardClaimer.Handler()
        {
            @Override
            public boolean hasCapacity()
            {
                return room;
            }

            @Override
            public void onTask(final TaskEnvelope task, final int inFlightIndex)
            {
                events.add("task " + task.taskId());
            }

            @Override
            public void onDefine(final DefineEnvelope define)
            {
            }

            @Override
            public void onCancel(final CancelEnvelope cancel)
            {
                events.add("cancel " + cancel.taskId());
            }

            @Override
            public void onCancelledBeforeStart(final TaskEnvelope task, final int inFlightIndex)
            {
                events.add("cancelled before start " + task.taskId());
            }
        };
    }
}
