package io.flotilla.examples;

import io.flotilla.Pool;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded load test of {@link HashService} on loopback: the same requests with the work done in-process and with
 * the work offloaded to Flotilla, optionally killing a worker halfway through. It stops by itself after
 * {@code --requests} or {@code --seconds}, whichever comes first.
 */
@Command(
    name = "example-load",
    mixinStandardHelpOptions = true,
    description = "Load-tests the example hash service in-process and on Flotilla, on loopback.")
public final class HashLoadTest implements Callable<Integer>
{
    @Option(names = "--requests", description = "Requests per mode (default: ${DEFAULT-VALUE}).")
    int requests = 4_000;

    @Option(names = "--seconds", description = "Longest run per mode (default: ${DEFAULT-VALUE}).")
    int seconds = 60;

    @Option(names = "--clients", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients = 16;

    @Option(names = "--processes", description = "Worker JVMs in Flotilla mode (default: ${DEFAULT-VALUE}).")
    int processes = 2;

    @Option(names = "--body", description = "Request body bytes (default: ${DEFAULT-VALUE}).")
    int body = 1024;

    @Option(names = "--kill-worker", description = "In Flotilla mode, kill a worker halfway through.")
    boolean killWorker;

    /** What one mode's run gave. */
    public record Outcome(String mode, int sent, long ok, long busy, long late, long other, double seconds,
                          Histogram latency)
    {
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new HashLoadTest()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        System.out.printf("%d requests per mode, %d clients, %d-byte bodies, %d rounds of SHA-256 each, loopback%n",
            requests, clients, body, HashTask.ROUNDS);
        System.out.printf("%-28s %7s %7s %7s %7s %9s %9s %9s %9s%n", "mode", "ok", "503", "504", "other", "req/s",
            "p50 ms", "p99 ms", "max ms");
        final List<Outcome> outcomes = List.of(run("in-process", null), runOnFlotilla());
        for (final Outcome o : outcomes)
        {
            System.out.printf("%-28s %7d %7d %7d %7d %9.0f %9.2f %9.2f %9.2f%n", o.mode, o.ok, o.busy, o.late, o.other,
                o.ok / o.seconds, o.latency.getValueAtPercentile(50) / 1e6, o.latency.getValueAtPercentile(99) / 1e6,
                o.latency.getMaxValue() / 1e6);
        }
        return 0;
    }

    private Outcome runOnFlotilla() throws Exception
    {
        try (Pool pool = Pool.builder().processes(processes).workerOutputLevel(System.Logger.Level.OFF).build())
        {
            return run(killWorker ? "flotilla, worker killed" : "flotilla", pool);
        }
    }

    /** Runs one mode against a fresh service. */
    public Outcome run(final String mode, final Pool pool) throws Exception
    {
        final int maxInFlight = null == pool ? clients : pool.config().processes() * pool.config().childConcurrency();
        try (HashService service = HashService.start(0, pool, maxInFlight, Duration.ofSeconds(5));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build())
        {
            final URI uri = URI.create("http://127.0.0.1:" + service.port() + "/hash");
            final byte[] payload = new byte[body];
            ThreadLocalRandom.current().nextBytes(payload);
            final Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
            final Counts<Integer> statuses = new Counts<>();
            final AtomicInteger next = new AtomicInteger();
            final long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            final CountDownLatch done = new CountDownLatch(clients);
            final AtomicInteger killed = new AtomicInteger();
            final long startNs = System.nanoTime();
            for (int c = 0; c < clients; c++)
            {
                Thread.ofVirtual().start(() ->
                {
                    try
                    {
                        int i;
                        while ((i = next.getAndIncrement()) < requests && System.nanoTime() < endNs)
                        {
                            if (killWorker && null != pool && i == requests / 2 && killed.getAndIncrement() == 0)
                            {
                                pool.probe().workers().get(0).destroyForcibly();
                            }
                            final long t0 = System.nanoTime();
                            int status;
                            try
                            {
                                status = http.send(HttpRequest.newBuilder(uri)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            }
                            catch (final java.io.IOException ex)
                            {
                                status = -1;
                            }
                            latency.recordValue(System.nanoTime() - t0);
                            statuses.add(status);
                        }
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                    finally
                    {
                        done.countDown();
                    }
                });
            }
            done.await();
            final double secondsTaken = (System.nanoTime() - startNs) / 1e9;
            final long ok = statuses.get(200);
            final long busy = statuses.get(503);
            final long late = statuses.get(504);
            return new Outcome(mode, Math.min(next.get(), requests), ok, busy, late,
                statuses.total() - ok - busy - late, secondsTaken, latency);
        }
    }

    /** Counts by key, from many threads. */
    private static final class Counts<K>
    {
        private final ConcurrentHashMap<K, LongAdder> counts = new ConcurrentHashMap<>();

        void add(final K key)
        {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        long get(final K key)
        {
            final LongAdder count = counts.get(key);
            return null == count ? 0 : count.sum();
        }

        long total()
        {
            return counts.values().stream().mapToLong(LongAdder::sum).sum();
        }
    }
}
