package io.flotilla.worker;

import io.flotilla.protocol.codec.ValueCodec;
import io.flotilla.protocol.codec.ScratchBuffers;
import io.flotilla.protocol.codec.TaskTrace;

import io.flotilla.AsyncTask;
import io.flotilla.Task;
import io.flotilla.protocol.CancelEnvelope;
import io.flotilla.protocol.DefineEnvelope;
import io.flotilla.protocol.EnvelopeDescriptor;
import io.flotilla.protocol.EnvelopeRing;
import io.flotilla.IdleMode;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ResultEnvelope;
import io.flotilla.protocol.ShardClaimer;
import io.flotilla.protocol.TaskEnvelope;
import io.flotilla.protocol.WorkerChronicle;
import io.flotilla.protocol.WorkerTransport;
import io.flotilla.protocol.WorkerExitCodes;
import io.flotilla.protocol.WorkerSettings;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A worker JVM: {@code WorkerMain <pool-dir> <slot> <childConcurrency> <idle-mode> <maxTasksPerChild> <initializer|->
 * <ring-capacity>}.
 * <p>
 * The main thread runs the worker's I/O duty cycle (claim from the shard, drain results into the results queue,
 * heartbeat). Each claimed task (or chunk of tasks) runs on its own virtual thread, at most {@code childConcurrency} at
 * once: the claimer takes a task only when a permit is free, so unclaimed work stays in the queue for other workers of
 * the shard. A synchronous chunk runs as one loop on one virtual thread; an {@link AsyncTask} holds its permit, not a
 * thread, until its stage completes. Results go into the result ring from whichever thread finished them.
 * <p>
 * Cancellation: a cancel record ({@link CancelEnvelope}) reaches the I/O thread, which finds the task's job by its
 * in-flight entry ({@link #running}) and stops it: a synchronous task's virtual thread is interrupted (a chunk stops
 * before its next item), an {@link AsyncTask}'s stage is cancelled and its slot freed at once. A synchronous task
 * answers, with {@link EnvelopeDescriptor#STATUS_CANCELLED}, only when its thread gives the task up: one that ignores
 * the interrupt keeps its permit and its in-flight entry, and the parent kills this worker after its stuck-task
 * grace. A task the claimer knows to be cancelled before it starts is answered without running. A task run inline on
 * the I/O thread is never interrupted (an interrupted thread must not touch the mapped queue files: Chronicle closes
 * the channel), and none needs to be: an inline run is short by construction ({@link InlinePolicy}, 20 us) and
 * has ended, its result in the ring, before the I/O thread reads the cancel record, so the cancel takes effect in the
 * parent, whose cancelled future drops the result.
 */
public final class WorkerMain implements ShardClaimer.Handler
{
    private static final System.Logger LOGGER = System.getLogger(WorkerMain.class.getName());
    private static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final int slot;
    private final int childConcurrency;
    /** Task items this worker takes before it retires. */
    private final long maxTasks;
    /** Task items claimed so far; the claim thread only. */
    private long tasksTaken;
    private final Semaphore permits;
    private final EnvelopeRing resultRing;
    private final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
    private final ScratchBuffers scratch;
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
        r -> Thread.ofPlatform().daemon().name("flotilla-worker-deadlines").unstarted(r));
    private final ResultWriter results;
    private final InlinePolicy inlinePolicy = InlinePolicy.fromSystemProperties();
    /** The I/O thread's own buffers for inline runs. */
    private final ExpandableDirectByteBuffer inlineBuffer = new ExpandableDirectByteBuffer(4096);
    private final ValueCodec.Cursor inlineCursor = new ValueCodec.Cursor();
    private final TaskTrace inlineTrace = new TaskTrace();
    private Object[] inlineValues = new Object[16];
    private Throwable[] inlineErrors = new Throwable[16];
    /** Drains the result ring into the results queue; set once the transport is open (I/O thread only). */
    private Runnable drainResults = Thread::yield;
    /** Wakes the I/O thread after a task thread's result or freed slot; set once the transport is open. */
    private volatile io.flotilla.protocol.Doorbell doorbell;
    /** The pool's initializer class name, run once bound to the pool, or null. */
    private String initializer;
    /** The pool's exception handler, or null. */
    private io.flotilla.WorkerExceptionHandler exceptionHandler;
    /** The thread that runs the duty cycle. */
    private volatile Thread ioThread;
    /** Where each claimed task's arguments are; the I/O thread only, set once the blob region is open. */
    private TaskArguments arguments = new TaskArguments(null, 0);
    /**
     * The job of each in-flight entry that runs off the I/O thread, or null: set by the I/O thread at the claim, cleared
     * by the job when it ends (before its result enters the ring, so before the entry can be claimed again).
     */
    private Job[] running = new Job[0];
    private Object[] functions = new Object[16];
    private Throwable[] functionErrors = new Throwable[16];
    private String[] functionNames = new String[16];

    public WorkerMain(final int slot, final int childConcurrency, final long maxTasks, final EnvelopeRing resultRing)
    {
        this.slot = slot;
        this.maxTasks = maxTasks;
        this.childConcurrency = childConcurrency;
        this.permits = new Semaphore(childConcurrency);
        this.scratch = new ScratchBuffers(childConcurrency);
        this.resultRing = resultRing;
        this.results = new ResultWriter(resultRing, slot, clock);
        deadlines.setRemoveOnCancelPolicy(true);
    }

    public static void main(final String[] args)
    {
        if (args.length != 2)
        {
            System.err.println("usage: WorkerMain <pool-dir> <slot> (the pool's settings are in its " +
                WorkerSettings.FILE + ")");
            System.exit(WorkerExitCodes.USAGE);
        }
        WorkerChronicle.prepare();
        final Path poolDirectory = Path.of(args[0]);
        final int slot = Integer.parseInt(args[1]);
        final WorkerSettings settings = WorkerSettings.readFrom(poolDirectory);
        final EnvelopeRing resultRing = new EnvelopeRing(settings.ringCapacity());
        final long maxTasks = settings.maxTasksPerChild();
        final WorkerMain worker = new WorkerMain(slot, settings.childConcurrency(),
            0 == maxTasks ? Long.MAX_VALUE : maxTasks, resultRing);
        worker.initializer = settings.initializer();
        worker.exceptionHandler = null == settings.exceptionHandler() ? null :
            newHook(settings.exceptionHandler(), io.flotilla.WorkerExceptionHandler.class, slot);
        System.exit(worker.run(PoolDirectory.open(poolDirectory), settings.idleMode()));
    }

    /** Runs the pool's initializer, bound to the pool already; a failure ends the worker before it is ready. */
    private static void runInitializer(final String name, final int slot)
    {
        try
        {
            newHook(name, io.flotilla.WorkerInitializer.class, slot).initialize();
        }
        catch (final Throwable ex)
        {
            System.err.println("worker initializer failed: initializer=" + name + ", slot=" + slot);
            ex.printStackTrace();
            System.exit(WorkerExitCodes.INITIALIZER_FAILED);
        }
    }

    /** @return a new instance of the pool's hook class; one that cannot be made ends the worker, saying why. */
    private static <T> T newHook(final String name, final Class<T> kind, final int slot)
    {
        try
        {
            return kind.cast(Class.forName(name).getDeclaredConstructor().newInstance());
        }
        catch (final Throwable ex)
        {
            System.err.println("worker hook cannot be made: " + kind.getSimpleName() + "=" + name + ", slot=" + slot);
            ex.printStackTrace();
            System.exit(WorkerExitCodes.INITIALIZER_FAILED);
            throw new IllegalStateException(ex);
        }
    }

    /** Tells the pool's exception handler about a task's exception; what it throws is logged and dropped. */
    private void tellExceptionHandler(final String function, final Throwable error)
    {
        final io.flotilla.WorkerExceptionHandler handler = exceptionHandler;
        if (null == handler || null == error)
        {
            return;
        }
        try
        {
            handler.onException(function, error);
        }
        catch (final Throwable ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "worker exception handler failed: handler=" +
                handler.getClass().getName() + ", function=" + function + ", slot=" + slot, ex);
        }
    }

    public int run(final PoolDirectory directory, final IdleMode idleMode)
    {
        results.payloadLimit(directory.maxPayload());
        io.flotilla.protocol.codec.Codecs.attachWorker(directory);
        final io.flotilla.protocol.BlobRegion blobs =
            io.flotilla.protocol.BlobRegion.openIfPresent(directory.blobsFile());
        results.blobs(blobs);
        arguments = new TaskArguments(blobs, slot);
        try (WorkerTransport transport = WorkerTransport.open(directory, slot, resultRing, this))
        {
            io.flotilla.spi.WorkerBinding.bind(new WorkerServices(transport.counters(), slot));
            if (null != initializer)
            {
                runInitializer(initializer, slot);
            }
            running = new Job[transport.counters().inFlightTable(slot).capacity()];
            drainResults = transport::drainResults;
            ioThread = Thread.currentThread();
            doorbell = transport.doorbell();
            // the parent closes once it has every result, or this worker retires after maxTasksPerChild:
            // either way, it finishes what runs and writes it out
            transport.runDutyCycle(idleMode, () -> tasksTaken < maxTasks,
                () -> permits.availablePermits() < childConcurrency, DRAIN_TIMEOUT);
        }
        finally
        {
            io.flotilla.spi.WorkerBinding.closeResources((resource, ex) -> LOGGER.log(System.Logger.Level.WARNING,
                "worker resource failed to close: resource=" + resource.getClass().getName() + ", slot=" + slot, ex));
        }
        return 0;
    }

    @Override
    public boolean hasCapacity()
    {
        return tasksTaken < maxTasks && permits.availablePermits() > 0 &&
            resultRing.hasRoomFor(resultRing.maxEnvelopeLength());
    }

    @Override
    public void onDefine(final DefineEnvelope define)
    {
        final int id = define.functionId();
        if (id >= functions.length)
        {
            final int length = Math.max(id + 1, functions.length * 2);
            functions = Arrays.copyOf(functions, length);
            functionErrors = Arrays.copyOf(functionErrors, length);
            functionNames = Arrays.copyOf(functionNames, length);
        }
        if (define.isLambda())
        {
            onDefineLambda(id, define.name());
            return;
        }
        final String name = define.name();
        functionNames[id] = name;
        try
        {
            final Object function = Class.forName(name).getDeclaredConstructor().newInstance();
            if (!(function instanceof Task<?, ?>) && !(function instanceof AsyncTask<?, ?>))
            {
                throw new IllegalArgumentException("not a Task or AsyncTask: function=" + name);
            }
            functions[id] = function;
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
        {
            functionErrors[id] = new IllegalStateException(
                "cannot create function in worker: function=" + name + ", slot=" + slot, ex);
        }
    }

    /**
     * A lambda's define record: one that captures nothing is remade here, once, and shared by its tasks; one that
     * captures values gets a function that remakes it per task. One that cannot be remade fails each of its tasks,
     * naming why.
     */
    private void onDefineLambda(final int id, final String record)
    {
        functionNames[id] = io.flotilla.protocol.LambdaShape.displayNameOf(record);
        try
        {
            final LambdaRecipe recipe = LambdaRecipe.of(io.flotilla.protocol.LambdaShape.decode(record),
                WorkerMain.class.getClassLoader());
            functions[id] = 0 == recipe.capturedCount() ? recipe.make(new Object[0]) : CapturingTask.of(recipe);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            functionErrors[id] = new IllegalStateException("cannot remake lambda in worker: function=" +
                functionNames[id] + ", slot=" + slot + ", problem=" + ex.getMessage(), ex);
        }
    }

    @Override
    public void onCancel(final CancelEnvelope cancel)
    {
        final long taskId = cancel.taskId();
        final Job[] jobs = running;
        for (int i = 0; i < jobs.length; i++)
        {
            final Job job = jobs[i];
            if (null != job && job.taskId == taskId)
            {
                job.cancel(cancel.interrupt());
                return;
            }
        }
        // not held here, or already answered (an inline run: the parent drops its result)
    }

    @Override
    public void onCancelledBeforeStart(final TaskEnvelope task, final int inFlightIndex)
    {
        tasksTaken += task.chunkLength();
        final TaskArguments args = arguments;
        final int blobSlot = args.resolve(task) ? args.blobSlot : -1;
        results.writeCancelled(inlineBuffer, task.taskId(), task.attempt(), clock.nanoTime(), task.chunkLength(),
            inFlightIndex, blobSlot, drainResults);
    }

    @Override
    public void onTask(final TaskEnvelope task, final int inFlightIndex)
    {
        tasksTaken += task.chunkLength();
        final TaskArguments args = arguments;
        if (!args.resolve(task))
        {
            results.writeStale(inlineBuffer, task.taskId(), task.attempt(), task.chunkLength(), inFlightIndex,
                args.problem, drainResults);
            return;
        }
        final int functionId = task.functionId();
        if (task.attempt() > 0)
        {
            inlinePolicy.retried(functionId);
        }
        else if (0 == task.deadlineEpochMs() && functionId > 0 && functionId < functions.length &&
            functions[functionId] instanceof Task<?, ?> function && inlinePolicy.inline(functionId, task.chunkLength()))
        {
            runInline(task, inFlightIndex, function);
            return;
        }
        else if (0 == task.deadlineEpochMs() && 1 == task.chunkLength() && functionId > 0 &&
            functionId < functions.length && functions[functionId] instanceof AsyncTask<?, ?> async &&
            inlinePolicy.inline(functionId, 1))
        {
            startAsyncInline(task, inFlightIndex, async);
            return;
        }
        permits.acquireUninterruptibly();
        final DirectBuffer payload;
        if (args.blobSlot >= 0)
        {
            // the slot stays this worker's until the result is written: read in place, no copy
            payload = args.buffer;
        }
        else
        {
            final byte[] copy = new byte[task.payloadLength()];
            task.buffer().getBytes(task.payloadOffset(), copy);
            payload = new UnsafeBuffer(copy);
        }
        final Job job = new Job(task.taskId(), task.attempt(), task.functionId(), task.chunkLength(), inFlightIndex,
            task.deadlineEpochMs(), payload, TaskTrace.traced(task) ? new TaskTrace().claimed(task) : null,
            args.blobSlot, args.blobLease);
        running[inFlightIndex] = job;
        Thread.ofVirtual().start(job);
    }

    /**
     * Runs a short synchronous envelope here, on the I/O thread, with the arguments read from the mapped excerpt in
     * place and the result encoded into this thread's own buffer: no thread start, no copy, no allocation of ours.
     */
    @SuppressWarnings("unchecked")
    private void runInline(final TaskEnvelope task, final int inFlightIndex, final Task<?, ?> function)
    {
        final int items = task.chunkLength();
        if (items > inlineValues.length)
        {
            inlineValues = new Object[items];
            inlineErrors = new Throwable[items];
        }
        final Object[] values = inlineValues;
        final Throwable[] errors = inlineErrors;
        final TaskTrace trace = TaskTrace.traced(task) ? inlineTrace.claimed(task) : null;
        final long startNs = clock.nanoTime();
        final long began = System.nanoTime();
        final TaskArguments args = arguments;
        final ValueCodec.Cursor cursor = inlineCursor.wrap(args.buffer, args.offset);
        int i = 0;
        try
        {
            for (; i < items; i++)
            {
                final Object argument = ValueCodec.decode(cursor);
                try
                {
                    values[i] = ((Task<Object, Object>)function).apply(argument);
                }
                catch (final Throwable ex)
                {
                    errors[i] = ex;
                }
            }
        }
        catch (final Throwable corrupt)
        {
            Arrays.fill(errors, i, items, corrupt);
        }
        final long ended = System.nanoTime();
        inlinePolicy.record(task.functionId(), items, ended - began);
        if (null != trace)
        {
            trace.startedNs = began;
            trace.endedNs = ended;
        }
        // a task may leave this thread interrupted; the duty cycle's idle strategy must not see it
        Thread.interrupted();
        results.write(inlineBuffer, task.taskId(), task.attempt(), startNs, items, inFlightIndex, values, errors,
            false, trace, drainResults, args.blobSlot, args.blobLease);
        Arrays.fill(values, 0, items, null);
        Arrays.fill(errors, 0, items, null);
    }

    /**
     * Starts an {@link AsyncTask} whose {@code apply} has been quick, here on the I/O thread: its argument read in
     * place, no virtual thread. It holds its slot until its stage ends, on whatever thread ends it.
     */
    private void startAsyncInline(final TaskEnvelope task, final int inFlightIndex, final AsyncTask<?, ?> async)
    {
        permits.acquireUninterruptibly();
        final TaskArguments args = arguments;
        final Job job = new Job(task.taskId(), task.attempt(), task.functionId(), 1, inFlightIndex, 0, null,
            TaskTrace.traced(task) ? new TaskTrace().claimed(task) : null, args.blobSlot, args.blobLease);
        running[inFlightIndex] = job;
        final Object argument;
        try
        {
            argument = ValueCodec.decode(inlineCursor.wrap(args.buffer, args.offset));
        }
        catch (final Throwable corrupt)
        {
            job.complete(new Object[1], new Throwable[] {corrupt});
            return;
        }
        final long began = System.nanoTime();
        job.runAsync(async, argument);
        inlinePolicy.record(task.functionId(), 1, System.nanoTime() - began);
        Thread.interrupted();
    }

    /** One claimed envelope: a task or a chunk of tasks of one function. */
    private final class Job implements Runnable
    {
        final long taskId;
        final int attempt;
        final int functionId;
        final int chunkLength;
        final int inFlightIndex;
        final long deadlineEpochMs;
        /** The encoded arguments, from 0: a copy of the envelope's, or the blob slot this worker holds. */
        final DirectBuffer payload;
        /** The blob slot held for the task, or -1, and its lease word. */
        final int blobSlot;
        final long blobLease;
        /** Hop stamps of a sampled task, or null. */
        final TaskTrace trace;
        final long startNs = clock.nanoTime();
        final AtomicBoolean completed = new AtomicBoolean();
        private ScheduledFuture<?> deadlineTimer;
        /** Set by the I/O thread when a cancel record names the task; the answer is then a cancelled one. */
        private volatile boolean cancelled;
        /** The virtual thread running a synchronous job, once it runs; never the I/O thread. */
        private volatile Thread runner;
        /** An async job's stage, once apply returned it. */
        private volatile CompletionStage<Object> stage;

        Job(final long taskId, final int attempt, final int functionId, final int chunkLength, final int inFlightIndex,
            final long deadlineEpochMs, final DirectBuffer payload, final TaskTrace trace, final int blobSlot,
            final long blobLease)
        {
            this.blobSlot = blobSlot;
            this.blobLease = blobLease;
            this.trace = trace;
            this.taskId = taskId;
            this.attempt = attempt;
            this.functionId = functionId;
            this.chunkLength = chunkLength;
            this.inFlightIndex = inFlightIndex;
            this.deadlineEpochMs = deadlineEpochMs;
            this.payload = payload;
        }

        @Override
        public void run()
        {
            runner = Thread.currentThread();
            if (cancelled)
            {
                complete(new Object[chunkLength], new Throwable[chunkLength]);
                return;
            }
            try
            {
                runChecked();
            }
            catch (final Throwable ex)
            {
                // a corrupt payload (decode failed) or a bug of ours: every item of the envelope fails with it
                final Throwable[] errors = new Throwable[chunkLength];
                Arrays.fill(errors, ex);
                complete(new Object[chunkLength], errors);
            }
        }

        private void runChecked()
        {
            final Object[] values = new Object[chunkLength];
            final Throwable[] errors = new Throwable[chunkLength];
            if (0 != deadlineEpochMs)
            {
                final long delayMs = deadlineEpochMs - System.currentTimeMillis();
                if (delayMs <= 0)
                {
                    Arrays.fill(errors, new TimeoutException("deadline passed before the task started: taskId=" +
                        taskId + ", slot=" + slot));
                    complete(values, errors);
                    return;
                }
                final Thread self = Thread.currentThread();
                deadlineTimer = deadlines.schedule(() -> onDeadline(self), delayMs, TimeUnit.MILLISECONDS);
            }
            final Object function = functionId < functions.length ? functions[functionId] : null;
            final Throwable functionError = functionId < functionErrors.length ? functionErrors[functionId] : null;
            final ValueCodec.Cursor cursor = new ValueCodec.Cursor().wrap(payload, 0);
            if (function instanceof AsyncTask<?, ?> async && chunkLength == 1)
            {
                final Object argument = ValueCodec.decode(cursor);
                final long began = System.nanoTime();
                runAsync(async, argument);
                inlinePolicy.record(functionId, 1, System.nanoTime() - began);
                return;
            }
            final long began = System.nanoTime();
            for (int i = 0; i < chunkLength && !cancelled; i++)
            {
                final Object argument = ValueCodec.decode(cursor);
                try
                {
                    values[i] = call(function, functionError, argument);
                }
                catch (final Throwable ex)
                {
                    errors[i] = ex;
                }
            }
            final long ended = System.nanoTime();
            if (function instanceof Task<?, ?>)
            {
                inlinePolicy.record(functionId, chunkLength, ended - began);
            }
            if (null != trace)
            {
                trace.startedNs = began;
                trace.endedNs = ended;
            }
            complete(values, errors);
        }

        @SuppressWarnings("unchecked")
        private Object call(final Object function, final Throwable functionError, final Object argument) throws Throwable
        {
            if (null != functionError)
            {
                throw functionError;
            }
            if (function instanceof Task<?, ?> task)
            {
                return ((Task<Object, Object>)task).apply(argument);
            }
            if (function instanceof AsyncTask<?, ?> async)
            {
                return ((AsyncTask<Object, Object>)async).apply(argument).toCompletableFuture().get();
            }
            throw new IllegalStateException("function not defined in worker: functionId=" + functionId + ", slot=" +
                slot);
        }

        /**
         * Stops the job on a cancel record, on the I/O thread. With {@code interrupt}, a synchronous one is
         * interrupted (or never starts) and answers once its thread gives the task up, and an async one's stage is
         * cancelled and it answers now, freeing its slot; without, only a job not yet started is stopped. The I/O
         * thread itself is never interrupted.
         */
        void cancel(final boolean interrupt)
        {
            if (completed.get())
            {
                return;
            }
            if (!interrupt)
            {
                // cancel(false): only a job not yet started is stopped (should it start meanwhile, it runs on, and
                // the parent's cancelled future drops what it answers)
                if (null == runner && !asyncStarted)
                {
                    cancelled = true;
                }
                return;
            }
            cancelled = true;
            final Thread thread = runner;
            if (null != thread && thread != ioThread)
            {
                thread.interrupt();
            }
            if (asyncStarted)
            {
                final CompletionStage<Object> started = stage;
                try
                {
                    started.toCompletableFuture().cancel(true);
                }
                catch (final UnsupportedOperationException ex)
                {
                    // a stage that cannot be cancelled is abandoned
                }
                complete(new Object[1], new Throwable[1]);
            }
        }

        /** The sync path is interrupted; an async stage is abandoned and answered with a timeout. */
        private void onDeadline(final Thread runner)
        {
            if (runner.isAlive() && !completed.get())
            {
                runner.interrupt();
            }
            final Object[] values = new Object[chunkLength];
            final Throwable[] errors = new Throwable[chunkLength];
            Arrays.fill(errors, new TimeoutException("task passed its deadline in the worker: taskId=" + taskId +
                ", slot=" + slot));
            if (asyncStarted)
            {
                complete(values, errors);
            }
        }

        private volatile boolean asyncStarted;

        @SuppressWarnings("unchecked")
        private void runAsync(final AsyncTask<?, ?> async, final Object argument)
        {
            final CompletionStage<Object> stage;
            if (null != trace)
            {
                trace.startedNs = System.nanoTime();
            }
            try
            {
                stage = ((AsyncTask<Object, Object>)async).apply(argument);
            }
            catch (final Throwable ex)
            {
                complete(new Object[1], new Throwable[] {ex});
                return;
            }
            this.stage = stage;
            asyncStarted = true;
            if (cancelled)
            {
                cancel(true);
                return;
            }
            stage.whenComplete((value, error) ->
            {
                if (null != trace)
                {
                    trace.endedNs = System.nanoTime();
                }
                complete(new Object[] {value}, new Throwable[] {unwrap(error)});
            });
        }

        /** The answer is in the ring: the buffer, the slot go back, and the I/O thread is rung to write it. */
        private void answered(final ExpandableDirectByteBuffer buffer)
        {
            scratch.release(buffer);
            permits.release();
            final io.flotilla.protocol.Doorbell bell = doorbell;
            if (null != bell)
            {
                bell.ring();
            }
        }

        private void completeCancelled()
        {
            final ExpandableDirectByteBuffer buffer = scratch.acquire();
            try
            {
                results.writeCancelled(buffer, taskId, attempt, startNs, chunkLength, inFlightIndex, blobSlot,
                    Thread.currentThread() == ioThread ? drainResults : Thread::yield);
            }
            finally
            {
                answered(buffer);
            }
        }

        private void complete(final Object[] values, final Throwable[] errors)
        {
            if (!completed.compareAndSet(false, true))
            {
                return;
            }
            if (null != deadlineTimer)
            {
                deadlineTimer.cancel(false);
            }
            if (running[inFlightIndex] == this)
            {
                running[inFlightIndex] = null;
            }
            if (cancelled)
            {
                completeCancelled();
                return;
            }
            final boolean timedOut = 0 != deadlineEpochMs && System.currentTimeMillis() >= deadlineEpochMs;
            if (timedOut)
            {
                for (int i = 0; i < chunkLength; i++)
                {
                    if (null != errors[i] && !(errors[i] instanceof TimeoutException))
                    {
                        final TimeoutException timeout = new TimeoutException(
                            "task passed its deadline in the worker: taskId=" + taskId + ", slot=" + slot);
                        timeout.initCause(errors[i]);
                        errors[i] = timeout;
                    }
                }
            }
            if (null != exceptionHandler)
            {
                final String function = functionId < functionNames.length ? functionNames[functionId] : null;
                for (int i = 0; i < chunkLength; i++)
                {
                    tellExceptionHandler(function, errors[i]);
                }
            }
            final ExpandableDirectByteBuffer buffer = scratch.acquire();
            try
            {
                // a stage may end on the I/O thread itself (inside apply): that thread drains the ring, never waits on it
                results.write(buffer, taskId, attempt, startNs, chunkLength, inFlightIndex, values, errors, timedOut,
                    trace, Thread.currentThread() == ioThread ? drainResults : Thread::yield, blobSlot, blobLease);
            }
            finally
            {
                answered(buffer);
            }
        }
    }

    private static Throwable unwrap(final Throwable error)
    {
        if (error instanceof java.util.concurrent.CompletionException && null != error.getCause())
        {
            return error.getCause();
        }
        return error;
    }
}
