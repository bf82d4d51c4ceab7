package io.flotilla.ipc;

import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * A diagnostic worker that answers every task of its shard with a result carrying the same payload: the peer of the
 * transport tests and of the IPC round-trip benchmark. It claims like a real worker (so several may share a shard),
 * frees its in-flight entries once results are written, beats its heartbeat, and exits when the parent closes the pool
 * or the parent process dies.
 * <pre>
 *   java @jvm.flags -cp ... io.flotilla.ipc.EchoResponder &lt;pool-dir&gt; &lt;slot&gt; [backoff|busy-spin]
 * </pre>
 * Its whole duty cycle (claim, answer, write) runs on the main thread: one spinning thread per worker.
 */
public final class EchoResponder implements ShardClaimer.Handler
{
    private static final System.Logger LOGGER = System.getLogger(EchoResponder.class.getName());
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final EnvelopeRing resultRing;
    private final int slot;

    EchoResponder(final EnvelopeRing resultRing, final int slot)
    {
        this.resultRing = resultRing;
        this.slot = slot;
    }

    public static void main(final String[] args)
    {
        if (args.length < 2 || args.length > 3)
        {
            System.err.println("usage: EchoResponder <pool-dir> <slot> [backoff|busy-spin]");
            System.exit(2);
        }
        final Path dir = Paths.get(args[0]);
        final int slot = Integer.parseInt(args[1]);
        final IdleMode idleMode = args.length == 3 ? IdleMode.parse(args[2]) : IdleMode.BACKOFF;
        final int status = run(PoolDirectory.open(dir), slot, idleMode);
        System.exit(status);
    }

    /**
     * Runs the responder until the parent closes or dies.
     *
     * @return the process exit status.
     */
    static int run(final PoolDirectory directory, final int slot, final IdleMode idleMode)
    {
        final EnvelopeRing resultRing = new EnvelopeRing(EnvelopeRing.DEFAULT_CAPACITY);
        final EchoResponder responder = new EchoResponder(resultRing, slot);
        try (WorkerTransport transport = WorkerTransport.open(directory, slot, resultRing, responder))
        {
            final ParentWatch parent = ParentWatch.of(transport.counters().parentPid());
            final IdleStrategy idle = idleMode.newIdleStrategy();
            final AgentInvoker invoker = new AgentInvoker(
                ex -> LOGGER.log(System.Logger.Level.ERROR, "echo responder duty cycle failed: slot=" + slot, ex),
                null, transport.agent());
            invoker.start();
            transport.state(ProcessState.READY);

            while (!transport.parentClosing() && parent.alive())
            {
                idle.idle(invoker.invoke());
            }

            final long deadline = System.nanoTime() + DRAIN_TIMEOUT_NS;
            while (transport.resultRing().size() > 0 && parent.alive() && System.nanoTime() < deadline)
            {
                idle.idle(invoker.invoke());
            }
            transport.state(ProcessState.EXITED);
            invoker.close();
        }
        return 0;
    }

    @Override
    public boolean hasCapacity()
    {
        return resultRing.hasRoomFor(resultRing.maxEnvelopeLength());
    }

    @Override
    public void onTask(final TaskEnvelope task, final int inFlightIndex)
    {
        final int payloadLength = task.payloadLength();
        final int length = EnvelopeDescriptor.RESULT_HEADER_LENGTH + payloadLength;
        final int index = resultRing.tryClaim(length);
        if (index < 0)
        {
            throw new IpcException("result ring full although capacity was checked: slot=" + slot +
                ", length=" + length + ", ringSize=" + resultRing.size());
        }
        final long now = System.currentTimeMillis() * 1_000_000L;
        ResultEnvelope.encodeHeader(resultRing.buffer(), index, EnvelopeDescriptor.STATUS_OK, task.attempt(), slot,
            task.taskId(), now, now, task.chunkLength(), inFlightIndex, payloadLength);
        resultRing.buffer().putBytes(
            index + EnvelopeDescriptor.RESULT_HEADER_LENGTH, task.buffer(), task.payloadOffset(), payloadLength);
        resultRing.commit(index);
    }

    @Override
    public void onDefine(final DefineEnvelope define)
    {
        // an echo needs no functions
    }
}
