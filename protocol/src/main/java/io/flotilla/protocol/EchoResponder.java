package io.flotilla.protocol;

import io.flotilla.IdleMode;
import io.flotilla.IdleMode;


import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A diagnostic worker that answers every task of its shard with a result carrying the same payload: the peer of the
 * transport tests and of the IPC round-trip benchmark. It claims like a real worker (so several may share a shard),
 * frees its in-flight entries once results are written, beats its heartbeat, and exits when the parent closes the pool
 * or the parent process dies.
 * <pre>
 *   java @jvm.flags -cp ... io.flotilla.protocol.EchoResponder &lt;pool-dir&gt; &lt;slot&gt; [backoff|busy-spin]
 * </pre>
 * Its whole duty cycle (claim, answer, write) runs on the main thread: one spinning thread per worker.
 */
public final class EchoResponder implements ShardClaimer.Handler
{
    private static final System.Logger LOGGER = System.getLogger(EchoResponder.class.getName());
    private static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(5);

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
        WorkerChronicle.prepare();
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
            transport.runDutyCycle(idleMode, () -> true, () -> false, DRAIN_TIMEOUT);
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
