package io.flotilla.core;

import io.flotilla.protocol.codec.ScratchBuffers;

import io.flotilla.AsyncTask;
import io.flotilla.AsyncTaskFunction;
import io.flotilla.Pool;
import io.flotilla.PoolConfig;
import io.flotilla.PoolProbe;
import io.flotilla.RemoteTaskException;
import io.flotilla.Scheduler;
import io.flotilla.SharedCounter;
import io.flotilla.Task;
import io.flotilla.TaskFunction;
import io.flotilla.TaskFailedException;
import io.flotilla.protocol.BlobRef;
import io.flotilla.protocol.CountersFile;
import io.flotilla.protocol.CountersSharedCounter;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.protocol.HopStamps;
import io.flotilla.protocol.ParentTransport;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ResultEnvelope;
import io.flotilla.launcher.LaunchConfig;
import io.flotilla.launcher.SpareWorkers;
import io.flotilla.launcher.WorkerDeath;
import io.flotilla.launcher.WorkerLauncher;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.AgentRunner;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Pool} of worker JVMs on this machine.
 * <p>
 * Threads: any thread submits (encodes into a shard's ring); the pool's I/O duty cycle moves rings into work queues
 * and results into futures, run by the pool's I/O thread or by a caller waiting in a future's {@code join} or
 * {@code get} ({@link GuestRun}); futures complete on whichever runs it, so heavy callbacks belong in {@code *Async}
 * stages. The launcher's supervisor thread re-dispatches the in-flight tasks of a dead worker.
 * <p>
 * Cancellation: {@code cancel} on a submitted task's future cancels it at once and sends a cancel record after the
 * task, into its shard's queue ({@link io.flotilla.protocol.CancelEnvelope}); the worker holding the task stops it
 * and answers with a cancelled status, which ends its pending entry. A task cancelled with an interrupt whose worker
 * has not answered after {@link PoolConfig#stuckTaskGrace()} kept its thread: that worker is killed and replaced as
 * for a stuck task past its deadline, its other tasks are sent again, and the cancelled one ends without a retry.
 * Whatever the worker answers, the future stays cancelled.
 */
public final class LocalPool implements Pool
{
    private static final System.Logger LOGGER = System.getLogger(LocalPool.class.getName());

    /**
     * Largest automatic chunk: {@code ./flotilla map-bench} (200,000 no-op tasks, 2 workers) ran at 4.6-6.1M tasks/s
     * with chunks of 256 and 6.1-7.1M with 1024, 0.2M unchunked; 256 keeps a slow item from holding up more of the
     * others and both workers busy to the end of a smaller map.
     */
    static final int MAX_AUTO_CHUNKSIZE = 256;

    private final PoolConfig config;
    private final PoolLifecycle lifecycle;
    private final FunctionTable functions;
    /** The pool's lambdas and method references; set once the workers' class path is known. */
    private LambdaTasks lambdas;
    private final PendingTasks pending;
    private final AtomicLong nextTaskId = new AtomicLong();
    private final ShardLoad shardLoad;
    /** Back-pressure: envelopes sent and not yet answered, at most maxInFlight. */
    private final InFlightLimit inFlight;
    private final ScratchBuffers scratch = new ScratchBuffers(64);
    private final ResultDecoder results = new ResultDecoder();
    /** Hops of sampled round trips, or null when the pool does not trace. */
    private final HopRecorder hops;
    private final PoolProbe probe = new LocalPoolProbe(this);
    private final Deadlines deadlines;
    /** Handed to every task's future: one object for the pool, none per task. */
    private final TaskCanceller canceller = this::cancelTask;
    /** Cancel records sent, and tasks workers answered as cancelled: {@link io.flotilla.PoolStats}'s counts. */
    private final java.util.concurrent.atomic.LongAdder cancelsSent = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder cancelsAnswered = new java.util.concurrent.atomic.LongAdder();
    private ParentTransport transport;
    private AgentRunner ioRunner;
    private TaskWriter taskWriter;
    private RoomWaiter roomWaiter;
    private Batches batches;
    /** Large results' side of the blob region, or null when the pool has none. */
    private BlobResults blobs;
    /** How callers waiting on a future run the I/O duty cycle themselves. */
    private GuestRun guestRun;
    private WorkerLauncher launcher;
    /** Spares this pool keeps for its own restarts ({@link PoolConfig#spareWorkers()}), or null. */
    private SpareWorkers ownSpares;
    private Thread ioThread;
    private int maxPayload;
    private io.flotilla.protocol.codec.PoolTypes types;

    private LocalPool(final PoolConfig config)
    {
        this.config = config;
        this.lifecycle = new PoolLifecycle(config.poolId());
        this.hops = 0 == config.traceHops() ? null : new HopRecorder();
        this.shardLoad = new ShardLoad(config.queueCount());
        this.inFlight = new InFlightLimit(config.maxInFlight());
        this.pending = new PendingTasks(shardLoad, inFlight);
        this.functions = new FunctionTable(scratch, this::writeToEveryShard);
        this.deadlines = new Deadlines(pending, config.stuckTaskGrace(), this::killIfStuck);
    }

    /**
     * Creates the pool's files, starts its I/O thread and its workers, and waits until they are ready.
     */
    public static LocalPool start(final PoolConfig config)
    {
        final LocalPool pool = new LocalPool(config);
        // the workers' command line first: a class path that cannot start them fails before any file is made
        final LaunchConfig launch = launchConfig(config);
        pool.lambdas = new LambdaTasks(pool.functions, new WorkerClasses(WorkerClassPath.resolve(config)));
        final PoolDirectory directory = PoolDirectory.create(
            config.base(), config.poolId(), config.queueCount(), config.keepFiles(), config.maxPayload(),
            io.flotilla.protocol.codec.Codecs.registerForPool(config.codecs()));
        final CountersFile counters;
        try
        {
            WorkerLaunches.workerSettings(config).writeTo(directory.path());
            counters = CountersFile.create(directory.countersFile(), config.queueCount(), config.processes(),
                Math.max(64, 2 * config.childConcurrency()));
        }
        catch (final RuntimeException ex)
        {
            directory.close();
            throw ex;
        }
        try
        {
            // before any worker starts: initializers may use them
            config.sharedCounters().forEach(counters.sharedValues()::allocate);
        }
        catch (final RuntimeException ex)
        {
            counters.close();
            directory.close();
            throw ex;
        }
        pool.results.types(pool.types = io.flotilla.protocol.codec.PoolTypes.of(directory.path()));
        final io.flotilla.protocol.BlobRegion blobRegion;
        try
        {
            blobRegion = BlobArguments.createRegion(directory.blobsFile(), config.maxPayload(), config.processes(),
                config.keepFiles());
        }
        catch (final RuntimeException ex)
        {
            counters.close();
            directory.close();
            throw ex;
        }
        pool.blobs = null == blobRegion ? null : new BlobResults(blobRegion);
        // workers boot (a JVM each) while this JVM opens the queues: the two start-up costs overlap
        final WorkerLauncher launcher;
        try
        {
            // a pool's own spares start once its workers are ready (the launcher asks), so they do not slow its start
            pool.ownSpares = 0 == config.spareWorkers() ? null :
                SpareWorkers.startLater(launch, config.spareWorkers(), config.base());
            launcher = WorkerLauncher.launch(directory, counters, launch, new WorkerEvents(config, counters, pool.pending, pool.lifecycle, pool::write, pool::reclaimBlobs),
                null != pool.ownSpares ? pool.ownSpares :
                WorkerLaunches.reserveSpares(config));
        }
        catch (final RuntimeException ex)
        {
            pool.closeOwnSpares();
            counters.close();
            directory.close();
            throw ex;
        }
        try
        {
            pool.transport = ParentTransport.create(directory, counters, config.ringCapacity(), pool::onResult);
        }
        catch (final RuntimeException ex)
        {
            launcher.terminate();
            pool.closeOwnSpares();
            throw ex;
        }
        pool.launcher = launcher;
        // one limit for arguments and results: the configured one (the rings are sized to hold it)
        pool.maxPayload = Math.min(config.maxPayload(),
            pool.transport.shardRing(0).maxEnvelopeLength() - EnvelopeDescriptor.TASK_HEADER_LENGTH);
        pool.guestRun = new GuestRun(pool.transport.agent(), pool.transport.doorbell(), config.idleMode(), pool::onIoError,
            () -> !pool.pending.isEmpty());
        pool.batches = new Batches(config, pool.maxPayload, pool.guestRun, pool::checkItem, pool::send,
            pool.canceller);
        pool.roomWaiter = new RoomWaiter(config, pool.inFlight, pool.guestRun, pool.lifecycle, pool::onPoolThread);
        pool.taskWriter = new TaskWriter(pool.transport, pool.types, pool.scratch, null == pool.hops ? 0 : config.traceHops(),
            pool.guestRun, pool.lifecycle::canSend, null == blobRegion ? null : new BlobArguments(blobRegion, pool.types));
        pool.ioRunner = new AgentRunner(pool.guestRun.homeIdleStrategy(),
            pool::onIoError, null, pool.transport.agent());
        AgentRunner.startOnThread(pool.ioRunner, r -> pool.ioThread = Thread.ofPlatform().daemon()
            .name("flotilla-io-" + config.poolId()).unstarted(r));
        try
        {
            launcher.awaitReady();
        }
        catch (final RuntimeException ex)
        {
            pool.closeIoRunner();
            pool.transport.close();
            pool.closeOwnSpares();
            throw ex;
        }
        return pool;
    }

    /**
     * @return how this configuration's worker JVMs are launched; the AOT training command uses it too, so the cache it
     * trains fits the workers.
     */
    public static LaunchConfig launchConfig(final PoolConfig config)
    {
        return WorkerLaunches.launchConfig(config);
    }

    @Override
    public PoolConfig config()
    {
        return config;
    }

    @Override
    public java.util.concurrent.ExecutorService asExecutorService()
    {
        checkOpen();
        if (null == config.serializationAllowlist())
        {
            throw new IllegalStateException("the ExecutorService view needs Java serialization: build the pool with " +
                "javaSerialization(allowed class patterns): poolId=" + config.poolId());
        }
        return new PoolExecutorService(this, JavaSerialization.filter(config.serializationAllowlist()));
    }

    @Override
    public SharedCounter sharedCounter(final String name)
    {
        checkOpen();
        checkNotNull("name", name);
        return new CountersSharedCounter(transport.counters(), transport.counters().sharedValues().allocate(name), name);
    }

    @Override
    public <A, R> CompletableFuture<R> submit(final Class<? extends Task<A, R>> function, final A argument)
    {
        return submitOne(function, Task.class, argument, config.taskTimeout());
    }

    @Override
    public <A, R> CompletableFuture<R> submit(
        final Class<? extends Task<A, R>> function, final A argument, final Duration timeout)
    {
        Arguments.checkTimeout(timeout);
        return submitOne(function, Task.class, argument, timeout);
    }

    @Override
    public <A, R> CompletableFuture<R> submitAsync(final Class<? extends AsyncTask<A, R>> function, final A argument)
    {
        return submitOne(function, AsyncTask.class, argument, config.taskTimeout());
    }

    @Override
    public <A, R> CompletableFuture<R> submitAsync(
        final Class<? extends AsyncTask<A, R>> function, final A argument, final Duration timeout)
    {
        Arguments.checkTimeout(timeout);
        return submitOne(function, AsyncTask.class, argument, timeout);
    }

    @Override
    public <A, R> CompletableFuture<R> submit(final TaskFunction<A, R> function, final A argument)
    {
        return submitLambda(function, Task.class, argument, config.taskTimeout());
    }

    @Override
    public <A, R> CompletableFuture<R> submit(final TaskFunction<A, R> function, final A argument,
        final Duration timeout)
    {
        Arguments.checkTimeout(timeout);
        return submitLambda(function, Task.class, argument, timeout);
    }

    @Override
    public <A, R> CompletableFuture<R> submitAsync(final AsyncTaskFunction<A, R> function, final A argument)
    {
        return submitLambda(function, AsyncTask.class, argument, config.taskTimeout());
    }

    @Override
    public <A, R> CompletableFuture<R> submitAsync(
        final AsyncTaskFunction<A, R> function, final A argument, final Duration timeout)
    {
        Arguments.checkTimeout(timeout);
        return submitLambda(function, AsyncTask.class, argument, timeout);
    }

    @Override
    public <A, R> List<R> map(final TaskFunction<A, R> function, final Collection<? extends A> items)
    {
        checkNotNull("items", items);
        return map(function, items, autoChunksize(items));
    }

    @Override
    public <A, R> List<R> map(
        final TaskFunction<A, R> function, final Collection<? extends A> items, final int chunksize)
    {
        checkNotNull("items", items);
        Arguments.checkChunksize(chunksize);
        final LambdaTask lambda = lambdaOf(function, Task.class);
        return batches.map(lambda.functionId, lambda.items(function, items), chunksize);
    }

    @Override
    public <A, R> Iterator<R> imap(
        final TaskFunction<A, R> function, final Iterable<? extends A> items, final int chunksize)
    {
        return imapLambda(function, items, chunksize, true);
    }

    @Override
    public <A, R> Iterator<R> imapUnordered(
        final TaskFunction<A, R> function, final Iterable<? extends A> items, final int chunksize)
    {
        return imapLambda(function, items, chunksize, false);
    }

    private <R> Iterator<R> imapLambda(
        final Object function, final Iterable<?> items, final int chunksize, final boolean ordered)
    {
        checkNotNull("items", items);
        Arguments.checkChunksize(chunksize);
        final LambdaTask lambda = lambdaOf(function, Task.class);
        return batches.imap(lambda.functionId, lambda.items(function, items), chunksize, ordered);
    }

    private <R> CompletableFuture<R> submitLambda(
        final Object function, final Class<?> kind, final Object argument, final Duration timeout)
    {
        final LambdaTask lambda = lambdaOf(function, kind);
        checkArgument(argument, "argument");
        final Object carried = lambda.argument(function, argument);
        if (carried != argument)
        {
            checkArgument(carried, "argument and the lambda's captured values");
        }
        return sendOne(lambda.functionId, carried, timeout, false);
    }

    private LambdaTask lambdaOf(final Object function, final Class<?> kind)
    {
        checkOpen();
        checkNotNull("function", function);
        return lambdas.of(function, kind);
    }

    @Override
    public <A, R> List<R> map(final Class<? extends Task<A, R>> function, final Collection<? extends A> items)
    {
        checkNotNull("items", items);
        return map(function, items, autoChunksize(items));
    }

    /** @return items per chunk for a map of that many items: about four chunks per worker, at most 256 items. */
    private int autoChunksize(final Collection<?> items)
    {
        return Math.max(1, Math.min(MAX_AUTO_CHUNKSIZE, Chunker.ceilDiv(items.size(), 4 * config.processes())));
    }

    @Override
    public <A, R> List<R> map(
        final Class<? extends Task<A, R>> function, final Collection<? extends A> items, final int chunksize)
    {
        checkNotNull("items", items);
        Arguments.checkChunksize(chunksize);
        return batches.map(functionId(function, Task.class), items, chunksize);
    }

    /**
     * Runs items of one function in local chunks of at most {@code chunksize} items (fewer when the payload limit
     * needs it) and answers the sink once with every item's value or error; a local chunk that cannot be answered
     * gives each of its items its failure. An {@link AsyncTask} goes one item an envelope, so each holds its own
     * concurrency slot. For a node running chunks it received from elsewhere.
     *
     * @param itemTimeout per item, or null for the pool's default.
     * @throws IllegalArgumentException before anything is queued, for a bad function, chunk size or item.
     */
    public void runItems(
        final Class<?> function, final Class<?> kind, final Object[] items, final int chunksize,
        final Duration itemTimeout, final ChunkSink sink)
    {
        checkNotNull("items", items);
        checkNotNull("sink", sink);
        Arguments.checkChunksize(chunksize);
        if (null != itemTimeout)
        {
            Arguments.checkTimeout(itemTimeout);
        }
        batches.runItems(functionId(function, kind), items, AsyncTask.class == kind ? 1 : chunksize,
            null != itemTimeout ? itemTimeout : config.taskTimeout(), sink);
    }

    @Override
    public <A, R> Iterator<R> imap(
        final Class<? extends Task<A, R>> function, final Iterable<? extends A> items, final int chunksize)
    {
        return imap(function, items, chunksize, true);
    }

    @Override
    public <A, R> Iterator<R> imapUnordered(
        final Class<? extends Task<A, R>> function, final Iterable<? extends A> items, final int chunksize)
    {
        return imap(function, items, chunksize, false);
    }

    private <R> Iterator<R> imap(
        final Class<?> function, final Iterable<?> items, final int chunksize, final boolean ordered)
    {
        checkNotNull("items", items);
        Arguments.checkChunksize(chunksize);
        return batches.imap(functionId(function, Task.class), items, chunksize, ordered);
    }

    @Override
    public <R> List<R> starmap(final Class<? extends Task<Object[], R>> function, final Collection<Object[]> tuples)
    {
        Arguments.checkTuples(tuples);
        return map(function, tuples);
    }

    /**
     * Finishes queued work, then stops the workers and removes the pool's files. Any number of threads may call
     * {@code close}, {@link #terminate} and {@link #join} in any order: one of them shuts the pool down, once, and the
     * others wait for it. A {@code terminate} while a {@code close} waits cuts the wait short. The wait for queued work
     * is bounded by {@link PoolConfig#closeTimeout()} without any result arriving; what is left then fails with a
     * {@link TaskFailedException}. Called from a future's callback on the pool's I/O thread, the shutdown runs on a
     * thread of its own and this returns at once (the I/O thread cannot wait for itself).
     */
    @Override
    public void close()
    {
        stop(false);
    }

    /**
     * Fails every task not yet answered, kills the workers and removes the pool's files; see {@link #close()} for
     * concurrent calls.
     */
    @Override
    public void terminate()
    {
        stop(true);
    }

    private void stop(final boolean kill)
    {
        final boolean owner = lifecycle.beginStop(kill);
        if (kill)
        {
            failAll(new TaskFailedException("pool terminated: poolId=" + config.poolId()));
        }
        if (onPoolThread())
        {
            if (owner)
            {
                Thread.ofPlatform().daemon().name("flotilla-close-" + config.poolId()).start(this::drainAndShutdown);
            }
            return;
        }
        if (owner)
        {
            drainAndShutdown();
        }
        else
        {
            awaitStopped();
        }
    }

    /**
     * @return whether the calling thread is one of the pool's own (its I/O thread or a caller inside the duty cycle,
     * the deadlines thread, the launcher's supervisor): a callback there cannot wait for the shutdown, which stops
     * those very threads.
     */
    private boolean onPoolThread()
    {
        final Thread current = Thread.currentThread();
        return current == ioThread || deadlines.onDeadlinesThread() || transport.agent().runByCurrentThread() ||
            (null != launcher && launcher.onSupervisorThread());
    }

    private void drainAndShutdown()
    {
        awaitDrained();
        shutdown();
    }

    /** Waits until no task is pending, the pool failed or is terminated, or no result came for closeTimeout. */
    private void awaitDrained()
    {
        final long stallNs = config.closeTimeout().toNanos();
        while (!pending.isEmpty() && null == lifecycle.failure() && !lifecycle.terminating())
        {
            if (lifecycle.stalled(stallNs, System.nanoTime()))
            {
                failAll(new TaskFailedException("pool closed with tasks that had no answer for closeTimeout=" +
                    config.closeTimeout() + ": poolId=" + config.poolId()));
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Override
    public void join() throws InterruptedException
    {
        if (lifecycle.isOpen())
        {
            throw new IllegalStateException("join() on an open pool would wait for ever: call close() or terminate() " +
                "first (from any thread), then join(): poolId=" + config.poolId());
        }
        if (!lifecycle.isClosed() && onPoolThread())
        {
            throw new IllegalStateException("join() on one of the pool's own threads (a future's callback) would wait " +
                "for ever, the shutdown stops that thread: poolId=" + config.poolId());
        }
        lifecycle.awaitStopped();
    }

    @Override
    public PoolProbe probe()
    {
        return probe;
    }

    long cancelsSent()
    {
        return cancelsSent.sum();
    }

    long cancelsAnswered()
    {
        return cancelsAnswered.sum();
    }

    List<Process> workerProcesses()
    {
        return launcher.processes();
    }

    io.flotilla.protocol.CountersFile counters()
    {
        return transport.counters();
    }

    long completedBy(final int slot)
    {
        return transport.counters().completed(slot) + transport.counters().failed(slot);
    }

    long startsOf(final int slot)
    {
        return transport.counters().starts(slot);
    }

    int inFlight()
    {
        return inFlight.inFlight();
    }

    int pendingCount()
    {
        return pending.size();
    }

    int warmSpares()
    {
        final SpareWorkers spares = ownSpares;
        return null == spares ? 0 : spares.warm();
    }

    /**
     * Runs once, on the thread that owns the shutdown. Order: no new deadline work, workers told and stopped, the I/O
     * thread stopped (it owns every appender and tailer), then the queues and counters unmapped; the counters
     * mapping itself is released by the garbage collector, so a {@link SharedCounter} a user still holds never
     * touches unmapped memory.
     */
    private void shutdown()
    {
        try
        {
            deadlines.shutdown();
            transport.signalClosing();
            if (lifecycle.terminating())
            {
                launcher.terminate();
            }
            else
            {
                launcher.close();
            }
            // no waiting caller runs the cycle from here on, and none is inside it: the appenders can close
            transport.agent().seal();
            closeIoRunner();
            transport.close();
        }
        finally
        {
            closeOwnSpares();
            // a submit that raced with close may have put its task after the wait for pending tasks: fail it here,
            // and send() checks CLOSED after its put, so no task is left pending (see send)
            lifecycle.closed();
            failAll(new TaskFailedException("pool closed before the task was answered: poolId=" + config.poolId()));
            lifecycle.stopped();
        }
    }

    private void closeOwnSpares()
    {
        if (null != ownSpares)
        {
            ownSpares.close();
        }
    }

    private void awaitStopped()
    {
        lifecycle.awaitStoppedUninterruptibly();
    }

    private <R> CompletableFuture<R> submitOne(
        final Class<?> function, final Class<?> kind, final Object argument, final Duration timeout)
    {
        final int functionId = functionId(function, kind);
        checkArgument(argument, "argument");
        return sendOne(functionId, argument, timeout, false);
    }

    private <R> CompletableFuture<R> sendOne(
        final int functionId, final Object argument, final Duration timeout, final boolean roomTaken)
    {
        final PoolFuture<R> future = new PoolFuture<>(guestRun, canceller);
        future.bind(send(functionId, new Object[] {argument}, timeout, FutureSinks.one(future), roomTaken));
        return future;
    }

    /** @return the task id, for {@link #cancelTask}; 0 when the task was not sent. */
    private long send(final int functionId, final Object[] arguments, final Duration timeout, final ChunkSink sink)
    {
        return send(functionId, arguments, timeout, sink, false);
    }

    /**
     * @param roomTaken whether the caller already took the envelope's room under maxInFlight.
     * @return the task id; 0 when the pool closed before it was sent (its sink has failed).
     */
    private long send(
        final int functionId, final Object[] arguments, final Duration timeout, final ChunkSink sink,
        final boolean roomTaken)
    {
        if (roomTaken)
        {
            try
            {
                checkOpen();
            }
            catch (final RuntimeException ex)
            {
                inFlight.give();
                throw ex;
            }
        }
        else
        {
            checkOpen();
            roomWaiter.takeRoom();
        }
        final long taskId = nextTaskId.incrementAndGet();
        final int shard = Scheduler.leastLoaded() == config.scheduler() ? shardLoad.pick() :
            config.scheduler().shard(taskId, functionId, config.queueCount());
        if (shard < 0 || shard >= config.queueCount())
        {
            inFlight.give();
            throw new IllegalStateException("scheduler picked a shard out of range: shard=" + shard + ", shards=" +
                config.queueCount());
        }
        final long deadline = null == timeout ? 0 : System.currentTimeMillis() + timeout.toMillis();
        final Pending entry = new Pending(
            taskId, functionId, functions.name(functionId), arguments, shard, sink, deadline, timeout);
        pending.add(entry);
        shardLoad.sent(shard);
        if (lifecycle.isClosed() && pending.remove(taskId, entry))
        {
            sink.fail(new TaskFailedException("pool closed before the task was sent: taskId=" + taskId));
            return 0;
        }
        try
        {
            if (null != timeout)
            {
                deadlines.schedule(entry, timeout);
            }
            write(entry);
        }
        catch (final RuntimeException ex)
        {
            // nothing of it reached a queue: the caller gets the error, and no entry is left for close() to wait on
            pending.remove(taskId, entry);
            throw ex;
        }
        return taskId;
    }

    /**
     * Sends a cancel record for a pending task into its shard's queue, after the task (and after any attempt of it
     * sent again: a re-dispatch holds the entry's monitor too). A task cancelled with {@code interrupt} whose worker
     * keeps it past stuckTaskGrace gets that worker killed ({@link Deadlines#scheduleCancelled}).
     */
    private void cancelTask(final long taskId, final boolean interrupt)
    {
        final Pending entry = pending.get(taskId);
        if (null == entry || !lifecycle.canSend())
        {
            return;
        }
        synchronized (entry)
        {
            if (entry.cancelled)
            {
                return;
            }
            entry.cancelled = true;
            final ExpandableDirectByteBuffer buffer = scratch.acquire();
            try
            {
                final int length = io.flotilla.protocol.CancelEnvelope.encode(buffer, 0, taskId, entry.attempt,
                    interrupt);
                final EnvelopeRing ring = transport.shardRing(entry.shard);
                while (!ring.write(buffer, 0, length))
                {
                    if (!lifecycle.canSend())
                    {
                        return;
                    }
                    Thread.yield();
                }
            }
            finally
            {
                scratch.release(buffer);
            }
        }
        cancelsSent.increment();
        guestRun.taskQueued(false); // the home thread sends it: a canceller may be any thread
        if (interrupt)
        {
            deadlines.scheduleCancelled(entry);
        }
    }

    /** @return what a cancelled task's sink is failed with, when its worker answers or dies. */
    static java.util.concurrent.CancellationException cancelled(final Pending entry)
    {
        return new java.util.concurrent.CancellationException("task cancelled: taskId=" + entry.taskId +
            ", function=" + entry.functionName + ", attempt=" + entry.attempt);
    }

    private void killIfStuck(final Pending entry, final Duration grace)
    {
        if (!lifecycle.isRunning())
        {
            return;
        }
        for (int slot = 1; slot <= config.processes(); slot++)
        {
            if (transport.counters().inFlightTable(slot).contains(entry.taskId))
            {
                launcher.kill(slot, "taskId=" + entry.taskId + " of function=" + entry.functionName +
                    (entry.cancelled ? " was cancelled" : " passed its deadline") +
                    " and the worker kept its thread for stuckTaskGrace=" + grace);
            }
        }
    }

    private void write(final Pending entry)
    {
        if (!taskWriter.write(entry) && pending.remove(entry.taskId, entry))
        {
            final RuntimeException failure = lifecycle.failure();
            entry.sink.fail(new TaskFailedException("pool " + (null != failure ? "failed" : "closed") +
                " before the task was sent: taskId=" + entry.taskId +
                (null != failure ? ", cause=" + failure.getMessage() : "")));
        }
    }

    private int functionId(final Class<?> function, final Class<?> kind)
    {
        checkOpen();
        checkNotNull("function", function);
        return functions.idOf(function, kind);
    }

    private void writeToEveryShard(final ExpandableDirectByteBuffer buffer, final int length)
    {
        for (int shard = 0; shard < config.queueCount(); shard++)
        {
            final EnvelopeRing ring = transport.shardRing(shard);
            while (!ring.write(buffer, 0, length))
            {
                checkOpen();
                Thread.yield();
            }
        }
    }

    private int checkArgument(final Object argument, final String what)
    {
        return Arguments.checkPayload(argument, what, maxPayload);
    }

    private int checkItem(final Object item, final int index)
    {
        return Arguments.checkPayload(item, "items", index, maxPayload);
    }

    private void onResult(final ResultEnvelope result)
    {
        final long readNs = System.nanoTime();
        lifecycle.progress(readNs);
        final int blobSlot = BlobResults.take(blobs, result);
        if (BlobResults.NOT_HELD == blobSlot)
        {
            onUnheldBlob(result);
            return;
        }
        if (BlobResults.IN_ENVELOPE == blobSlot && 0 != (result.flags() & BlobRef.STALE) && isStale(result))
        {
            return;
        }
        if (BlobResults.IN_ENVELOPE == blobSlot && io.flotilla.protocol.ResultPart.isPart(result))
        {
            onResultPart(result);
            return;
        }
        final Pending entry = pending.remove(result.taskId());
        if (null == entry)
        {
            if (blobSlot >= 0)
            {
                blobs.release(blobSlot);
            }
            return; // a duplicate from a re-dispatch, or the pool was terminated
        }
        if (EnvelopeDescriptor.STATUS_CANCELLED == result.status())
        {
            // no payload: the worker stopped the task, or never ran it
            if (blobSlot >= 0)
            {
                blobs.release(blobSlot);
            }
            cancelsAnswered.increment();
            entry.sink.fail(cancelled(entry));
            return;
        }
        final int items = result.chunkLength();
        final Object[] values = new Object[items];
        final RemoteTaskException[] errors = new RemoteTaskException[items];
        if (blobSlot >= 0)
        {
            try
            {
                results.decode(blobs.data(blobSlot), 0, result.workerId(), entry, values, errors);
            }
            finally
            {
                blobs.release(blobSlot);
            }
        }
        else
        {
            results.decode(result, entry, values, errors);
        }
        if (EnvelopeDescriptor.STATUS_TIMED_OUT == result.status() && null != entry.timeout)
        {
            // the worker stopped it at its deadline before the parent's deadline fired: the same timeout either way
            entry.sink.fail(Deadlines.timedOut(entry, firstError(errors)));
        }
        else
        {
            entry.sink.complete(values, errors);
        }
        if (null != hops && HopStamps.traced(result.buffer(), 0, result.length()))
        {
            final int trailer = result.payloadOffset() + result.payloadLength();
            if (trailer + HopStamps.RESULT_TRAILER_LENGTH <= result.length())
            {
                hops.record(result.buffer(), trailer, readNs, System.nanoTime());
            }
        }
    }

    /**
     * One part of a chunk's answer: decoded into the chunk's assembly, and the chunk completed with its last part.
     * Parts of an attempt other than the one pending (a worker that died between parts) are dropped; a part out of
     * order (a corrupt file) fails the chunk, naming what was wrong.
     */
    private void onResultPart(final ResultEnvelope result)
    {
        final Pending entry = pending.get(result.taskId());
        if (null == entry || result.attempt() != entry.attempt)
        {
            return;
        }
        if (null == entry.parts || entry.parts.attempt != entry.attempt)
        {
            entry.parts = new ChunkParts(entry.attempt, entry.arguments.length);
        }
        final int first = io.flotilla.protocol.ResultPart.firstItem(result);
        final int count = result.chunkLength();
        final String problem = entry.parts.checkNext(first, count);
        if (null != problem)
        {
            if (pending.remove(result.taskId(), entry))
            {
                entry.sink.fail(new TaskFailedException(problem + ": taskId=" + result.taskId() + ", worker=" +
                    result.workerId() + ", function=" + entry.functionName));
            }
            return;
        }
        results.decode(result.buffer(), result.payloadOffset() + io.flotilla.protocol.ResultPart.PREFIX_LENGTH,
            result.workerId(), entry, entry.parts.values, entry.parts.errors, first, count);
        if (entry.parts.received(count) && pending.remove(result.taskId(), entry))
        {
            entry.sink.complete(entry.parts.values, entry.parts.errors);
        }
    }

    private static RemoteTaskException firstError(final RemoteTaskException[] errors)
    {
        for (final RemoteTaskException error : errors)
        {
            if (null != error)
            {
                return error;
            }
        }
        return null;
    }

    /**
     * @return whether a later attempt of the result's task is pending, or none is: the result came from a worker that
     * died before it freed its in-flight entry, and its task was sent again.
     */
    private boolean isStale(final ResultEnvelope result)
    {
        final Pending entry = pending.get(result.taskId());
        return null == entry || entry.attempt > result.attempt();
    }

    /** A result whose blob slot does not hold it: stale (dropped), or a corrupt reference (its task fails). */
    private void onUnheldBlob(final ResultEnvelope result)
    {
        if (isStale(result))
        {
            return;
        }
        final Pending entry = pending.remove(result.taskId());
        if (null != entry)
        {
            entry.sink.fail(new TaskFailedException("result not held in its blob slot: taskId=" + result.taskId() +
                ", attempt=" + result.attempt() + ", worker=" + result.workerId() + ", function=" +
                entry.functionName + ", " + BlobResults.describe(blobs, result)));
        }
    }

    @Override
    public java.util.Optional<io.flotilla.HopBreakdown> hopBreakdown()
    {
        return null == hops ? java.util.Optional.empty() : java.util.Optional.of(hops.breakdown());
    }

    private void reclaimBlobs(final long taskId, final WorkerDeath death)
    {
        if (null != blobs)
        {
            blobs.reclaim(taskId, death.slot());
        }
    }

    /** Stops the home I/O thread: rung first, since a thread asleep on the bell does not see an interrupt. */
    private void closeIoRunner()
    {
        guestRun.stopHome();
        ioRunner.close();
    }

    /**
     * The I/O duty cycle threw. An {@link Error} there (a fault in a mapped queue file truncated under the pool, out
     * of memory) ends the I/O thread, and a file system with no room for the queues holds every task back: the pool
     * fails and every pending task with it, rather than waiting forever.
     */
    private void onIoError(final Throwable error)
    {
        LOGGER.log(System.Logger.Level.ERROR, "pool I/O duty cycle failed: poolId=" + config.poolId(), error);
        if (error instanceof Error || error instanceof io.flotilla.protocol.NoSpaceException)
        {
            final String message = "pool I/O failed, no task can move: poolId=" + config.poolId() + ", base=" +
                config.base() + ", error=" + error;
            lifecycle.fail(new IllegalStateException(message, error));
            failAll(new TaskFailedException(message));
        }
    }

    private void failAll(final RuntimeException cause)
    {
        pending.failAll(cause);
    }

    @Override
    public <A, R> java.util.Optional<CompletableFuture<R>> trySubmit(
        final Class<? extends Task<A, R>> function, final A argument)
    {
        final int functionId = functionId(function, Task.class);
        checkArgument(argument, "argument");
        if (!inFlight.tryTake())
        {
            return java.util.Optional.empty();
        }
        // from here send owns the room: it gives it back on every path that throws
        return java.util.Optional.of(sendOne(functionId, argument, config.taskTimeout(), true));
    }

    private void checkOpen()
    {
        lifecycle.checkOpen();
    }

    private static void checkNotNull(final String name, final Object value)
    {
        if (null == value)
        {
            throw new IllegalArgumentException(name + " must not be null: " + name + "=null");
        }
    }
}
