package io.flotilla.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flotilla.Pool;
import io.flotilla.RemoteTaskException;
import io.flotilla.TaskTimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A latency-sensitive HTTP service (the JDK's built-in server, a virtual thread per request) whose endpoint
 * {@code POST /hash} offloads CPU-bound work to a Flotilla pool, or runs it in-process for comparison.
 * <ul>
 *   <li>Each request has a deadline: past it the answer is 504 and the task's worker is told to stop.</li>
 *   <li>Back-pressure: at most {@code maxInFlight} requests are offloaded at once; beyond that the answer is
 *   503 with {@code Retry-After: 1} at once, never an unbounded queue.</li>
 *   <li>A worker that dies takes no request with it: the pool sends its tasks again.</li>
 * </ul>
 * The service binds to the loopback address only. Closing it stops the server and its executor; the pool belongs
 * to the caller (start it with the application, close it with the application).
 */
public final class HashService implements AutoCloseable
{
    /** Largest request body taken, bytes. */
    public static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Pool pool;
    private final Semaphore inFlight;
    private final Duration deadline;

    private HashService(final HttpServer server, final ExecutorService executor, final Pool pool,
        final int maxInFlight, final Duration deadline)
    {
        this.server = server;
        this.executor = executor;
        this.pool = pool;
        this.inFlight = new Semaphore(maxInFlight);
        this.deadline = deadline;
    }

    /**
     * @param port        0 for any free port.
     * @param pool        where the work goes, or null to do it in the request's own thread.
     * @param maxInFlight requests offloaded at once before the service answers 503.
     * @param deadline    per request.
     */
    public static HashService start(final int port, final Pool pool, final int maxInFlight, final Duration deadline)
        throws IOException
    {
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        final HashService service = new HashService(server, executor, pool, maxInFlight, deadline);
        server.createContext("/hash", service::handle);
        server.setExecutor(executor);
        server.start();
        return service;
    }

    /** @return the port the service listens on (loopback). */
    public int port()
    {
        return server.getAddress().getPort();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            if (!"POST".equals(exchange.getRequestMethod()))
            {
                reply(exchange, 405, "POST a body to hash\n");
                return;
            }
            final byte[] body;
            try (InputStream in = exchange.getRequestBody())
            {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY)
            {
                reply(exchange, 413, "body over " + MAX_BODY + " bytes\n");
                return;
            }
            if (!inFlight.tryAcquire())
            {
                exchange.getResponseHeaders().add("Retry-After", "1");
                reply(exchange, 503, "busy, retry\n");
                return;
            }
            try
            {
                final String digest = null == pool ? HashTask.hash(body) :
                    pool.submit(HashTask.class, body, deadline).get(deadline.toMillis() + 1_000, TimeUnit.MILLISECONDS);
                reply(exchange, 200, digest + "\n");
            }
            catch (final ExecutionException ex)
            {
                if (ex.getCause() instanceof TaskTimeoutException)
                {
                    reply(exchange, 504, "deadline passed\n");
                }
                else if (ex.getCause() instanceof RemoteTaskException remote)
                {
                    reply(exchange, 500, "failed: " + remote.remoteClassName() + "\n");
                }
                else
                {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    reply(exchange, 503, "unavailable: " + ex.getCause().getMessage() + "\n");
                }
            }
            catch (final TimeoutException ex)
            {
                reply(exchange, 504, "deadline passed\n");
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                reply(exchange, 503, "shutting down\n");
            }
            catch (final IllegalStateException ex)
            {
                exchange.getResponseHeaders().add("Retry-After", "1");
                reply(exchange, 503, "unavailable: " + ex.getMessage() + "\n");
            }
            finally
            {
                inFlight.release();
            }
        }
    }

    private static void reply(final HttpExchange exchange, final int status, final String text) throws IOException
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    /** Stops taking connections, lets requests in progress finish (at most 2 s), and stops the executor. */
    @Override
    public void close()
    {
        server.stop(2);
        executor.shutdownNow();
        try
        {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
