package io.flotilla.tools;

import io.flotilla.protocol.codec.ValueCodec;
import io.flotilla.worker.WorkerMain;

import io.flotilla.examples.DemoFunctions;
import io.flotilla.protocol.DefineEnvelope;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.IdleMode;
import io.flotilla.protocol.ParentTransport;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;
import io.flotilla.protocol.TaskEnvelope;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The AOT training run for worker JVMs: one JVM plays both sides of a small pool (a parent transport on the main
 * thread, {@link WorkerMain} on another) and runs a few thousand tasks and chunks through the real queues, so the
 * classes and methods a worker needs end up in the cache. Run by {@code AotCache.train} with the workers' options.
 */
public final class WorkerTrainer
{
    private static final int SINGLE_TASKS = 5_000;
    private static final int CHUNKS = 500;
    private static final int CHUNK_LENGTH = 16;

    private WorkerTrainer()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path base = PoolDirectory.defaultBase().resolve("aot-train-" + ProcessHandle.current().pid());
        final long[] received = new long[1];
        final ParentTransport transport = ParentTransport.create(
            PoolDirectory.create(base, "pool", 1, false), 1, 64, EnvelopeRing.DEFAULT_CAPACITY, r -> received[0]++);
        final AgentInvoker invoker = new AgentInvoker(Throwable::printStackTrace, null, transport.agent());
        final IdleStrategy idle = io.flotilla.protocol.IdleStrategies.newIdleStrategy(IdleMode.BACKOFF);
        Thread worker = null;
        try
        {
            invoker.start();
            transport.counters().shardOf(1, 0);
            transport.counters().state(1, ProcessState.STARTING);
            final PoolDirectory workerView = PoolDirectory.open(transport.directory().path());
            worker = Thread.ofPlatform().name("trainer-worker").start(() -> new WorkerMain(
                1, 16, Long.MAX_VALUE, new EnvelopeRing(EnvelopeRing.DEFAULT_CAPACITY)).run(workerView, IdleMode.BACKOFF));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ProcessState.READY != transport.counters().state(1))
            {
                check(deadline, "worker ready");
                idle.idle(invoker.invoke());
            }

            final EnvelopeRing ring = transport.shardRing(0);
            final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(4096);
            send(ring, invoker, buffer, 0, DefineEnvelope.encode(buffer, 0, 1, DemoFunctions.NoOp.class.getName()));
            long taskId = 0;
            for (int i = 0; i < SINGLE_TASKS; i++)
            {
                final int end = ValueCodec.encode(buffer, EnvelopeDescriptor.TASK_HEADER_LENGTH, i);
                TaskEnvelope.encodeHeader(buffer, 0, 0, 1, ++taskId, 1, 0, 0, end - EnvelopeDescriptor.TASK_HEADER_LENGTH);
                send(ring, invoker, buffer, 0, end);
            }
            for (int c = 0; c < CHUNKS; c++)
            {
                int end = EnvelopeDescriptor.TASK_HEADER_LENGTH;
                for (int i = 0; i < CHUNK_LENGTH; i++)
                {
                    end = ValueCodec.encode(buffer, end, i);
                }
                TaskEnvelope.encodeHeader(buffer, 0, 0, 1, ++taskId, CHUNK_LENGTH,
                    System.currentTimeMillis() + 60_000, 0, end - EnvelopeDescriptor.TASK_HEADER_LENGTH);
                send(ring, invoker, buffer, 0, end);
            }
            while (received[0] < SINGLE_TASKS + CHUNKS)
            {
                check(deadline, "results");
                idle.idle(invoker.invoke());
            }
        }
        finally
        {
            transport.signalClosing();
            if (null != worker)
            {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            }
            invoker.close();
            transport.close();
            PoolDirectory.deleteTree(base);
        }
        System.out.println("trained on " + received[0] + " results");
    }

    private static void send(
        final EnvelopeRing ring, final AgentInvoker invoker, final ExpandableDirectByteBuffer buffer, final int offset,
        final int length)
    {
        while (!ring.write(buffer, offset, length))
        {
            invoker.invoke();
        }
    }

    private static void check(final long deadlineNs, final String what)
    {
        if (System.nanoTime() > deadlineNs)
        {
            throw new IllegalStateException("AOT training timed out waiting for " + what);
        }
    }
}
