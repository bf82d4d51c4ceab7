package io.flotilla.examples;

import com.sun.net.httpserver.HttpServer;
import io.flotilla.Pool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches many URLs on a pool of workers, each running up to {@code childConcurrency} fetches at once on one
 * {@code HttpClient} ({@link FetchUrl}), from a local server that answers each request after a delay (a slow
 * upstream, on loopback so the run needs no network). It reports the wall time against what the slots allow.
 */
@Command(
    name = "fetch-example",
    mixinStandardHelpOptions = true,
    description = "Fetches many URLs from a slow local server with async tasks on worker JVMs.")
public final class FetchExample implements Callable<Integer>
{
    @Option(names = "--urls", description = "URLs fetched (default: ${DEFAULT-VALUE}).")
    int urls = 2_000;

    @Option(names = "--delay-ms", description = "The server's answer delay (default: ${DEFAULT-VALUE}).")
    int delayMs = 20;

    @Option(names = "--body", description = "Bytes per answer (default: ${DEFAULT-VALUE}).")
    int body = 2_048;

    @Option(names = "--processes", description = "Worker JVMs (default: ${DEFAULT-VALUE}).")
    int processes = 2;

    @Option(names = "--child-concurrency", description = "Fetches at once per worker (default: ${DEFAULT-VALUE}).")
    int childConcurrency = 64;

    /** What a run gave: answers, their bytes, the requests the server saw, the wall time. */
    public record Outcome(int fetched, long bytes, int served, double wallMs, double idealMs)
    {
    }

    private Outcome fetchInProcess(final String base, final AtomicInteger served)
    {
        final java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(processes * childConcurrency);
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient())
        {
            final long startNs = System.nanoTime();
            final List<CompletableFuture<Integer>> fetches = new ArrayList<>(urls);
            for (int i = 0; i < urls; i++)
            {
                slots.acquireUninterruptibly();
                final java.net.http.HttpRequest request =
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + i)).GET().build();
                fetches.add(client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> response.body().length).whenComplete((length, error) -> slots.release()));
            }
            return outcome(fetches, startNs, served);
        }
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new FetchExample()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final Outcome outcome = run(false);
        final Outcome local = run(true);
        System.out.printf("fetched %,d URLs (%,d bytes), %d at once, server delay %d ms, %.0f ms if every slot were " +
            "always busy:%n  on %d workers x %d: %.0f ms wall (%.0f%%)%n  in this JVM, virtual threads and one " +
            "HttpClient: %.0f ms wall (%.0f%%)%n", outcome.fetched(), outcome.bytes(), processes * childConcurrency,
            delayMs, outcome.idealMs(), processes, childConcurrency, outcome.wallMs(),
            100 * outcome.idealMs() / outcome.wallMs(), local.wallMs(), 100 * local.idealMs() / local.wallMs());
        return outcome.fetched() == urls && outcome.served() == urls && local.served() == urls ? 0 : 1;
    }

    /** Starts the server and the pool, fetches every URL, and stops both. */
    public Outcome run() throws IOException
    {
        return run(false);
    }

    /**
     * @param inProcess fetch from this JVM instead (virtual threads, one client, as many at once as the pool's
     *                  slots): the baseline of the same server on the same machine.
     */
    Outcome run(final boolean inProcess) throws IOException
    {
        final AtomicInteger served = new AtomicInteger();
        final byte[] answer = new byte[body];
        final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange ->
        {
            try (exchange)
            {
                TimeUnit.MILLISECONDS.sleep(delayMs);
                served.incrementAndGet();
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody())
                {
                    out.write(answer);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        if (inProcess)
        {
            try
            {
                return fetchInProcess("http://127.0.0.1:" + server.getAddress().getPort() + "/item/", served);
            }
            finally
            {
                server.stop(0);
            }
        }
        try (Pool pool = Pool.builder().processes(processes).childConcurrency(childConcurrency)
            .initializer(FetchUrl.MakeClient.class).workerOutputLevel(System.Logger.Level.WARNING).build())
        {
            final String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/item/";
            final long startNs = System.nanoTime();
            final List<CompletableFuture<Integer>> fetches = new ArrayList<>(urls);
            for (int i = 0; i < urls; i++)
            {
                fetches.add(pool.submitAsync(FetchUrl.class, base + i));
            }
            return outcome(fetches, startNs, served);
        }
        finally
        {
            server.stop(0);
        }
    }

    /** Waits for every fetch and sums their bodies; the ideal is every slot always busy. */
    private Outcome outcome(final List<CompletableFuture<Integer>> fetches, final long startNs, final AtomicInteger served)
    {
        long bytes = 0;
        for (final CompletableFuture<Integer> fetch : fetches)
        {
            bytes += fetch.join();
        }
        final double wallMs = (System.nanoTime() - startNs) / 1e6;
        final double idealMs = Math.ceil((double)urls / (processes * childConcurrency)) * delayMs;
        return new Outcome(fetches.size(), bytes, served.get(), wallMs, idealMs);
    }
}
