package io.flotilla;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A pool of worker JVMs fed through shared memory. Each worker runs many tasks at once on virtual threads, at most
 * {@code childConcurrency}. Every submitted task ends exactly once: with its value, a {@link RemoteTaskException}
 * (the task threw), or a {@link TaskFailedException} (its workers kept dying, or the pool was terminated).
 * <pre>{@code
 * try (Pool pool = Pool.builder().processes(2).build()) {
 *     int square = pool.submit(Fns::square, 7).join();           // 49
 *     List<Integer> squares = pool.map(Fns::square, List.of(1, 2, 3));
 *     int cube = pool.submit(Cube.class, 3).join();              // a named Task class: 27
 * }
 * }</pre>
 * A function is a {@link TaskFunction} (a method reference or a lambda, see there for its rules) or the {@code Class}
 * of a {@link Task}.
 * Thread-safe: any thread may submit.
 */
public interface Pool extends AutoCloseable
{
    /** @return a builder for a pool on this machine. */
    static PoolConfig.Builder builder()
    {
        return PoolConfig.newBuilder();
    }

    /**
     * Runs one task in a worker.
     *
     * @throws IllegalArgumentException before anything is queued, when the function cannot be created or the argument
     *                                  has no codec or is too large (the message names the problem).
     * @throws IllegalStateException    when the pool is closing or closed.
     * @throws java.util.concurrent.RejectedExecutionException when the pool has {@link PoolConfig#maxInFlight()}
     *                                  envelopes in flight for {@link PoolConfig#submitTimeout()}, or the waiting
     *                                  thread is interrupted (its interrupt flag stays set).
     */
    <A, R> CompletableFuture<R> submit(Class<? extends Task<A, R>> function, A argument);

    /**
     * {@link #submit(Class, Object)} if there is room under the pool's in-flight limit now, without waiting.
     *
     * @return the task's future, or empty when the pool has {@link PoolConfig#maxInFlight()} envelopes in flight.
     */
    default <A, R> java.util.Optional<CompletableFuture<R>> trySubmit(
        final Class<? extends Task<A, R>> function, final A argument)
    {
        return java.util.Optional.of(submit(function, argument));
    }

    /**
     * Runs one task that must end within {@code timeout} of now, or its future fails with a
     * {@link TaskTimeoutException}; the worker interrupts it, and is killed and replaced if it keeps the thread.
     */
    <A, R> CompletableFuture<R> submit(Class<? extends Task<A, R>> function, A argument, Duration timeout);

    /** Runs one asynchronous task in a worker; it holds a concurrency slot, not a thread, while it waits. */
    <A, R> CompletableFuture<R> submitAsync(Class<? extends AsyncTask<A, R>> function, A argument);

    /** {@link #submitAsync(Class, Object)} with a timeout; past it the task's stage is abandoned and its slot freed. */
    <A, R> CompletableFuture<R> submitAsync(Class<? extends AsyncTask<A, R>> function, A argument, Duration timeout);

    /**
     * {@link #submit(Class, Object)} for a method reference or a lambda: {@code pool.submit(Prices::reprice, quote)}.
     *
     * @throws IllegalArgumentException before anything is queued, when the function is no serializable lambda, the
     *                                  workers cannot load its classes, or a value it captured has no codec.
     */
    <A, R> CompletableFuture<R> submit(TaskFunction<A, R> function, A argument);

    /** {@link #submit(Class, Object, Duration)} for a method reference or a lambda. */
    <A, R> CompletableFuture<R> submit(TaskFunction<A, R> function, A argument, Duration timeout);

    /** {@link #submitAsync(Class, Object)} for a method reference or a lambda returning a stage. */
    <A, R> CompletableFuture<R> submitAsync(AsyncTaskFunction<A, R> function, A argument);

    /** {@link #submitAsync(Class, Object, Duration)} for a method reference or a lambda returning a stage. */
    <A, R> CompletableFuture<R> submitAsync(AsyncTaskFunction<A, R> function, A argument, Duration timeout);

    /**
     * Applies the function to every item, in chunks sized automatically, and returns the results in item order. The
     * pool's default task timeout, if set, applies to each item (a chunk gets it once per item).
     *
     * @throws RemoteTaskException for the first item that threw.
     */
    <A, R> List<R> map(Class<? extends Task<A, R>> function, Collection<? extends A> items);

    /** {@link #map(Class, Collection)} with an explicit number of items per chunk. */
    <A, R> List<R> map(Class<? extends Task<A, R>> function, Collection<? extends A> items, int chunksize);

    /** {@link #map(Class, Collection)} for a method reference or a lambda: {@code pool.map(Fns::square, items)}. */
    <A, R> List<R> map(TaskFunction<A, R> function, Collection<? extends A> items);

    /** {@link #map(Class, Collection, int)} for a method reference or a lambda. */
    <A, R> List<R> map(TaskFunction<A, R> function, Collection<? extends A> items, int chunksize);

    /**
     * Applies the function to the items lazily and streams the results back in item order. At most a few chunks per
     * worker are in flight, so memory stays bounded however long the input is. An item that threw raises its
     * {@link RemoteTaskException} from {@code hasNext()} when the iteration reaches it; an item no codec takes is never
     * sent, and raises {@link IllegalArgumentException} in its place, after the results before it.
     * <p>
     * The local pool's iterator is {@link AutoCloseable}: closing it before the end (try-with-resources on it as an
     * {@code AutoCloseable}) reads no more input and cancels the chunks still out, as {@code cancel(true)} cancels a
     * submitted task.
     */
    <A, R> Iterator<R> imap(Class<? extends Task<A, R>> function, Iterable<? extends A> items, int chunksize);

    /** {@link #imap} yielding each chunk's results as soon as it finishes, whatever the input order. */
    <A, R> Iterator<R> imapUnordered(Class<? extends Task<A, R>> function, Iterable<? extends A> items, int chunksize);

    /** {@link #imap(Class, Iterable, int)} for a method reference or a lambda. */
    <A, R> Iterator<R> imap(TaskFunction<A, R> function, Iterable<? extends A> items, int chunksize);

    /** {@link #imapUnordered(Class, Iterable, int)} for a method reference or a lambda. */
    <A, R> Iterator<R> imapUnordered(TaskFunction<A, R> function, Iterable<? extends A> items, int chunksize);

    /** Items per chunk {@link #imap(Class, Iterable)} uses when none is given. */
    int DEFAULT_IMAP_CHUNKSIZE = 64;

    /** {@link #imap(Class, Iterable, int)} with {@value #DEFAULT_IMAP_CHUNKSIZE} items per chunk. */
    default <A, R> Iterator<R> imap(final Class<? extends Task<A, R>> function, final Iterable<? extends A> items)
    {
        return imap(function, items, DEFAULT_IMAP_CHUNKSIZE);
    }

    /** {@link #imap(TaskFunction, Iterable, int)} with {@value #DEFAULT_IMAP_CHUNKSIZE} items per chunk. */
    default <A, R> Iterator<R> imap(final TaskFunction<A, R> function, final Iterable<? extends A> items)
    {
        return imap(function, items, DEFAULT_IMAP_CHUNKSIZE);
    }

    /**
     * {@link #imap} or {@link #imapUnordered} as a sequential {@link Stream}, for a pipeline that reads its results
     * lazily: the input is read as the stream is consumed. Closing the stream closes an {@link AutoCloseable}
     * iterator (the local pool's cancels the chunks still out).
     */
    default <A, R> Stream<R> imapStream(
        final Class<? extends Task<A, R>> function, final Iterable<? extends A> items, final int chunksize,
        final boolean ordered)
    {
        return streamOf(ordered ? imap(function, items, chunksize) : imapUnordered(function, items, chunksize),
            ordered);
    }

    /** {@link #imapStream(Class, Iterable, int, boolean)} for a method reference or a lambda. */
    default <A, R> Stream<R> imapStream(
        final TaskFunction<A, R> function, final Iterable<? extends A> items, final int chunksize,
        final boolean ordered)
    {
        return streamOf(ordered ? imap(function, items, chunksize) : imapUnordered(function, items, chunksize),
            ordered);
    }

    /** @return the results as a sequential stream whose close closes an {@link AutoCloseable} iterator. */
    private static <R> Stream<R> streamOf(final Iterator<R> results, final boolean ordered)
    {
        final Stream<R> stream = StreamSupport.stream(Spliterators.spliteratorUnknownSize(results,
            ordered ? Spliterator.ORDERED : 0), false);
        return results instanceof AutoCloseable closeable ? stream.onClose(() ->
        {
            try
            {
                closeable.close();
            }
            catch (final RuntimeException ex)
            {
                throw ex;
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException("closing the imap iterator failed: " + ex, ex);
            }
        }) : stream;
    }

    /** Like {@link #map(Class, Collection)}, each tuple being the function's {@code Object[]} argument. */
    <R> List<R> starmap(Class<? extends Task<Object[], R>> function, Collection<Object[]> argumentTuples);

    /**
     * @param name 1 to 52 UTF-8 bytes.
     * @return the shared counter with that name, created at 0 if it did not exist; tasks reach it with
     * {@link WorkerContext#sharedCounter}.
     */
    SharedCounter sharedCounter(String name);

    /** @return a read-only view of the pool's workers and books, for tools, tests and monitoring. */
    PoolProbe probe();

    /**
     * @return a snapshot of the pool's books: per worker its pid, state, tasks claimed, answered and held, and
     * restarts; the pool's pending and in-flight tasks. Cheap (a few reads of shared memory per worker); call it
     * from a metrics poller.
     */
    default PoolStats stats()
    {
        return probe().stats();
    }

    /**
     * @return where the time of the sampled round trips went, hop by hop, when the pool was built with
     * {@link PoolConfig.Builder#traceHops(int)}; empty otherwise, or for a pool that cannot trace.
     */
    default java.util.Optional<HopBreakdown> hopBreakdown()
    {
        return java.util.Optional.empty();
    }


    /**
     * @return an {@code ExecutorService} whose tasks are {@code Serializable} callables and runnables run in the
     * workers; needs {@link PoolConfig.Builder#javaSerialization}.
     * @throws IllegalStateException when the pool was built without Java serialization.
     */
    java.util.concurrent.ExecutorService asExecutorService();

    /** @return the configuration the pool runs with. */
    PoolConfig config();

    /**
     * Stops taking work, waits for every submitted task to end, stops the workers and removes the pool's files
     * (unless kept). Idempotent.
     */
    @Override
    void close();

    /** Stops at once: pending tasks fail with {@link TaskFailedException}, workers are killed, files removed. */
    void terminate();

    /**
     * Waits until a {@link #close()} or {@link #terminate()} begun by another thread has finished, as
     * {@code multiprocessing.Pool.join()} does.
     *
     * @throws IllegalStateException when nobody has begun to close or terminate the pool (the wait would never end),
     *                               or when called on one of the pool's own threads during the shutdown.
     */
    void join() throws InterruptedException;
}
