package io.flotilla.examples;

import io.flotilla.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example service starts, answers, sheds load with 503, survives a worker kill during requests, and shuts down
 * leaving nothing running.
 */
@Timeout(180)
class HashServiceTest
{
    @Test
    void serviceAnswersShedsLoadSurvivesAWorkerKillAndStopsClean() throws Exception
    {
        final int port;
        try (Pool pool = Pool.builder().processes(2).workerOutputLevel(System.Logger.Level.OFF).build();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build())
        {
            try (HashService service = HashService.start(0, pool, 1024, Duration.ofSeconds(10)))
            {
                port = service.port();
                final URI uri = URI.create("http://127.0.0.1:" + port + "/hash");
                final byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
                final HttpResponse<String> ok = post(http, uri, body);
                assertEquals(200, ok.statusCode(), ok.body());
                assertEquals(HashTask.hash(body) + "\n", ok.body(), "the worker's digest is the in-process one");

                assertEquals(405, http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals(413, post(http, uri, new byte[HashService.MAX_BODY + 1]).statusCode());

                // a worker dies while 300 requests are in progress: every one still gets its answer
                final List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
                for (int i = 0; i < 300; i++)
                {
                    responses.add(http.sendAsync(HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString()));
                    if (i == 100)
                    {
                        pool.probe().workers().get(0).destroyForcibly();
                    }
                }
                for (final CompletableFuture<HttpResponse<String>> response : responses)
                {
                    assertEquals(200, response.join().statusCode(), response.join().body());
                }
            }

            // a service that may offload one request at a time sheds the rest at once, with Retry-After
            try (HashService narrow = HashService.start(0, pool, 1, Duration.ofSeconds(10)))
            {
                final URI uri = URI.create("http://127.0.0.1:" + narrow.port() + "/hash");
                final List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
                for (int i = 0; i < 100; i++)
                {
                    responses.add(http.sendAsync(HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])).build(),
                        HttpResponse.BodyHandlers.ofString()));
                }
                int shed = 0;
                for (final CompletableFuture<HttpResponse<String>> future : responses)
                {
                    final HttpResponse<String> response = future.join();
                    if (503 == response.statusCode())
                    {
                        shed++;
                        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
                    }
                    else
                    {
                        assertEquals(200, response.statusCode(), response.body());
                    }
                }
                assertTrue(shed > 0, "some requests were shed instead of queued");
            }
            final URI closed = URI.create("http://127.0.0.1:" + port + "/hash");
            assertThrows(ConnectException.class, () -> post(http, closed, new byte[1]), "service stopped listening");
        }
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "no worker left");
    }

    private static HttpResponse<String> post(final HttpClient http, final URI uri, final byte[] body)
        throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
