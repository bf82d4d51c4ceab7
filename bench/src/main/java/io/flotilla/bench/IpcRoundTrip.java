package io.flotilla.bench;

import io.flotilla.protocol.EchoResponder;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.IdleMode;
import io.flotilla.protocol.ParentTransport;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ProcessState;
import io.flotilla.protocol.ResultEnvelope;
import io.flotilla.protocol.TaskEnvelope;
import io.flotilla.launcher.JvmCommand;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Round-trip latency of the IPC layer between two JVMs: this JVM encodes a task into a shard ring, its I/O duty cycle
 * (run on this thread, no hand-off) appends it to the work queue; an {@link EchoResponder} JVM claims it and appends a
 * result; this JVM reads it. One task in flight at a time (closed loop), recorded in an HdrHistogram.
 */
@Command(
    name = "flotilla demo",
    mixinStandardHelpOptions = true,
    description = "Measures task round trips between this JVM and a worker JVM through shared-memory queues.")
public final class IpcRoundTrip implements Callable<Integer>
{
    @Option(names = "--samples", description = "Round trips measured per idle mode (default: ${DEFAULT-VALUE}).")
    int samples = 100_000;

    @Option(names = "--warmup", description = "Round trips before measuring (default: ${DEFAULT-VALUE}).")
    int warmup = 20_000;

    @Option(names = "--payload", description = "Payload bytes per task (default: ${DEFAULT-VALUE}).")
    int payload = 8;

    @Option(names = "--idle", split = ",",
        description = "Idle modes to measure, comma separated: backoff, busy-spin (default: ${DEFAULT-VALUE}).")
    List<String> idleModes = List.of("busy-spin", "backoff");

    @Option(names = "--base", description = "Directory for pool directories (default: /dev/shm/flotilla-<uid> or tmpdir).")
    Path base = PoolDirectory.defaultBase();

    private final PrintStream out = System.out;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new IpcRoundTrip()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        if (samples < 1 || warmup < 0 || payload < 0 || payload > 64 * 1024)
        {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "out of range: samples=" + samples + " (>= 1), warmup=" + warmup + " (>= 0), payload=" + payload +
                " (0..65536)");
        }
        out.printf("Flotilla IPC round trip: parent JVM -> worker JVM -> parent JVM through Chronicle queues in %s%n",
            base);
        out.printf("JDK %s, %d cores, %,d samples after %,d warm-up, payload %d bytes, one task in flight%n",
            Runtime.version(), Runtime.getRuntime().availableProcessors(), samples, warmup, payload);
        out.printf("%-10s %12s %9s %9s %9s %9s %9s%n", "idle", "worker ready", "p50 us", "p90 us", "p99 us",
            "p99.9 us", "max us");
        for (final String name : idleModes)
        {
            final IdleMode mode = IdleMode.parse(name);
            final Result result = measure(mode);
            final Histogram h = result.histogram;
            out.printf("%-10s %9d ms %9.2f %9.2f %9.2f %9.2f %9.2f%n", name, result.readyMs,
                us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()));
        }
        return 0;
    }

    record Result(long readyMs, Histogram histogram)
    {
    }

    Result measure(final IdleMode mode) throws IOException, InterruptedException
    {
        final long[] lastResultId = new long[1];
        final PoolDirectory directory = PoolDirectory.create(base, "demo-" + ProcessHandle.current().pid() + "-" +
            System.nanoTime(), 1, false);
        final Path log = Files.createTempFile("flotilla-echo-", ".log");
        final ParentTransport transport = ParentTransport.create(
            directory, 1, 64, EnvelopeRing.DEFAULT_CAPACITY, (ResultEnvelope r) -> lastResultId[0] = r.taskId());
        final AgentInvoker invoker = new AgentInvoker(Throwable::printStackTrace, null, transport.agent());
        Process worker = null;
        try
        {
            invoker.start();
            transport.counters().shardOf(1, 0);
            transport.counters().state(1, ProcessState.STARTING);
            final long startNs = System.nanoTime();
            worker = JvmCommand.builder(EchoResponder.class.getName())
                .jvmOption("-Xmx64m")
                .arg(directory.path().toString()).arg("1").arg(mode.name())
                .build().processBuilder().redirectErrorStream(true).redirectOutput(log.toFile()).start();
            final IdleStrategy idle = io.flotilla.protocol.IdleStrategies.newIdleStrategy(mode);
            final long deadline = startNs + TimeUnit.SECONDS.toNanos(30);
            while (ProcessState.READY != transport.counters().state(1))
            {
                if (!worker.isAlive() || System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("echo worker did not get ready: alive=" + worker.isAlive() +
                        ", output:\n" + Files.readString(log));
                }
                idle.idle(invoker.invoke());
            }
            final long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

            final Histogram histogram = new Histogram(3); // auto-resizing: a stall is recorded, not thrown
            final EnvelopeRing ring = transport.shardRing(0);
            final int length = EnvelopeDescriptor.TASK_HEADER_LENGTH + payload;
            final long resultDeadlineNs = TimeUnit.SECONDS.toNanos(10);
            for (long id = 1; id <= warmup + samples; id++)
            {
                final long t0 = System.nanoTime();
                int index;
                while ((index = ring.tryClaim(length)) < 0)
                {
                    invoker.invoke();
                }
                TaskEnvelope.encodeHeader(ring.buffer(), index, 0, 1, id, 1, 0, 0, payload);
                ring.buffer().setMemory(index + EnvelopeDescriptor.TASK_HEADER_LENGTH, payload, (byte)id);
                ring.commit(index);
                idle.reset();
                while (lastResultId[0] != id)
                {
                    idle.idle(invoker.invoke());
                    if (System.nanoTime() - t0 > resultDeadlineNs)
                    {
                        throw new IllegalStateException("no result within 10 s: taskId=" + id + ", worker alive=" +
                            worker.isAlive() + ", output:\n" + Files.readString(log));
                    }
                }
                if (id > warmup)
                {
                    histogram.recordValue(System.nanoTime() - t0);
                }
            }
            return new Result(readyMs, histogram);
        }
        finally
        {
            transport.signalClosing();
            if (null != worker && !worker.waitFor(10, TimeUnit.SECONDS))
            {
                worker.destroyForcibly();
                worker.waitFor(10, TimeUnit.SECONDS);
            }
            invoker.close();
            transport.close();
            Files.deleteIfExists(log);
        }
    }

    private static double us(final long nanos)
    {
        return nanos / 1000.0;
    }
}
