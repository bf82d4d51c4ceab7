package io.flotilla.protocol;

import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test support: a parent transport in a fresh pool directory, driven on the test thread, with echo responder JVMs.
 * Closing it checks that the children exited and the files are gone.
 */
final class EchoHarness implements AutoCloseable
{
    static final long WAIT_NS = TimeUnit.SECONDS.toNanos(60);

    final Path base;
    final ParentTransport transport;
    final AgentInvoker invoker;
    final List<ChildJvm> children = new ArrayList<>();
    private final IdleStrategy idle = new YieldingIdleStrategy();

    EchoHarness(final int shards, final int workerSlots, final ResultTailer.Handler handler)
    {
        base = PoolDirectory.defaultBase().resolve("test-" + UUID.randomUUID());
        final PoolDirectory directory = PoolDirectory.create(base, "pool", shards, false);
        transport = ParentTransport.create(directory, workerSlots, 1024, EnvelopeRing.DEFAULT_CAPACITY, handler);
        invoker = new AgentInvoker(Throwable::printStackTrace, null, transport.agent());
        invoker.start();
    }

    /** Starts an echo responder in that slot, bound to that shard. */
    void startResponder(final int slot, final int shard)
    {
        transport.counters().shardOf(slot, shard);
        transport.counters().state(slot, ProcessState.STARTING);
        children.add(ChildJvm.start(base.resolve("responder-" + slot + ".log"), EchoResponder.class,
            transport.directory().path().toString(), Integer.toString(slot), "backoff"));
    }

    void awaitReady()
    {
        awaitCondition("responders ready", () ->
        {
            for (int slot = 1; slot <= children.size(); slot++)
            {
                if (ProcessState.READY != transport.counters().state(slot))
                {
                    return false;
                }
            }
            return true;
        });
    }

    /** Encodes one task with an 8-byte payload (the id) into the shard's ring, driving the I/O cycle while full. */
    void submit(final int shard, final long taskId)
    {
        final EnvelopeRing ring = transport.shardRing(shard);
        final int length = EnvelopeDescriptor.TASK_HEADER_LENGTH + Long.BYTES;
        int index;
        while ((index = ring.tryClaim(length)) < 0)
        {
            pollOnce();
        }
        TaskEnvelope.encodeHeader(ring.buffer(), index, 0, 7, taskId, 1, 0, 0, Long.BYTES);
        ring.buffer().putLong(index + EnvelopeDescriptor.TASK_HEADER_LENGTH, taskId);
        ring.commit(index);
    }

    /**
     * Submits tasks 1..tasks with at most {@code window} unanswered, waits for every result, and prints the rate.
     *
     * @param shardOf  the shard of a task id.
     * @param received how many results the handler has seen so far.
     */
    void submitAllAndAwait(
        final String label, final int tasks, final int window, final LongToIntFunction shardOf, final IntSupplier received)
    {
        final long startNs = System.nanoTime();
        for (long id = 1; id <= tasks; id++)
        {
            while (id - received.getAsInt() > window)
            {
                pollOnce();
            }
            submit(shardOf.applyAsInt(id), id);
        }
        awaitCondition("all results", () -> received.getAsInt() == tasks);
        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        System.out.printf("%s: %d tasks echoed in %d ms, window %d%n", label, tasks, elapsedMs, window);
    }

    int pollOnce()
    {
        final int work = invoker.invoke();
        idle.idle(work);
        return work;
    }

    /** Drives the I/O cycle until the condition holds, failing with the children's output after the bound. */
    void awaitCondition(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + WAIT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                final StringBuilder out = new StringBuilder();
                for (final ChildJvm child : children)
                {
                    out.append("\n--- child pid=").append(child.process().pid()).append(" alive=")
                        .append(child.process().isAlive()).append('\n').append(child.output());
                }
                fail("timed out waiting for " + what + out);
            }
            for (final ChildJvm child : children)
            {
                if (!child.process().isAlive())
                {
                    fail("child died while waiting for " + what + ": exit=" + child.process().exitValue() + "\n" +
                        child.output());
                }
            }
            pollOnce();
        }
    }

    @Override
    public void close()
    {
        final Path poolDir = transport.directory().path();
        try
        {
            transport.signalClosing();
            for (final ChildJvm child : children)
            {
                assertTrue(child.awaitExit(20, TimeUnit.SECONDS), () -> "responder exits when the pool closes:\n" +
                    child.output());
                assertEquals(0, child.process().exitValue(), child.output());
            }
        }
        finally
        {
            for (final ChildJvm child : children)
            {
                child.close();
            }
            invoker.close();
            transport.close();
            for (final ChildJvm child : children)
            {
                assertFalse(child.process().toHandle().isAlive(), "child process gone");
            }
            assertFalse(Files.exists(poolDir), "pool directory removed on close: " + poolDir);
            PoolDirectory.deleteTree(base);
        }
    }
}
