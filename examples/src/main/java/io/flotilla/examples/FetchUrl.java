package io.flotilla.examples;

import io.flotilla.AsyncTask;
import io.flotilla.WorkerContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Fetches one URL without holding a thread while it waits, and answers with the body's length: the aiomultiprocess
 * headline use, many fetches at once in each worker. Every task of a worker shares the worker's one
 * {@link HttpClient}, made on first use ({@link WorkerContext#resource}) and closed when the worker leaves.
 */
public final class FetchUrl implements AsyncTask<String, Integer>
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * Makes the worker's client before its first task (the first {@code HttpClient} of a JVM takes hundreds of
     * milliseconds): the pool's initializer.
     */
    public static final class MakeClient implements io.flotilla.WorkerInitializer
    {
        @Override
        public void initialize()
        {
            client();
        }
    }

    static HttpClient client()
    {
        return WorkerContext.resource(HttpClient.class, () -> HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    }

    @Override
    public CompletionStage<Integer> apply(final String url)
    {
        final HttpClient client = client();
        final HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response ->
        {
            if (200 != response.statusCode())
            {
                throw new IllegalStateException("fetch failed: url=" + url + ", status=" + response.statusCode());
            }
            return response.body().length;
        });
    }
}
