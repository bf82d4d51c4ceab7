package io.flotilla.protocol;

import io.flotilla.IdleMode;
import io.flotilla.IdleMode;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.CompositeAgent;

/**
 * A worker's side of a pool's shared memory: it maps {@code counters.dat}, claims from its shard's work queue and
 * writes results through a ring into the results queue.
 * <p>
 * Threads: {@link #agent()} is the worker's one I/O duty cycle (claim, drain the result ring, heartbeat); it owns the
 * worker's tailer and appender and runs on one thread. Tasks may run on any threads and encode their results into
 * {@link #resultRing()}. Once a result is in the results queue, its in-flight entry is freed and the worker's
 * completed or failed count goes up.
 */
public final class WorkerTransport implements AutoCloseable
{
    private static final System.Logger LOGGER = System.getLogger(WorkerTransport.class.getName());
    /** How long a worker with every slot taken parks between looks, unless one of its tasks ends first. */
    static final long FULL_PARK_NS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1);

    private final PoolDirectory directory;
    private final CountersFile counters;
    private final int slot;
    private final int shard;
    private final SingleChronicleQueue workQueue;
    private final SingleChronicleQueue resultsQueue;
    private final EnvelopeRing resultRing;
    private final ShardClaimer claimer;
    private final QueueWriter resultWriter;
    private final Doorbell doorbell;
    private final ShardClaimer.Handler handler;
    private final Agent agent;
    /** A corrupt value the duty cycle met; the I/O thread only. */
    private CorruptCountersException corruption;
    /** The results queue's file system refused room for a result; the I/O thread only. */
    private NoSpaceException noSpace;
    /** Whether the parent's unreadable state was logged; the I/O thread only. */
    private boolean parentStateLogged;

    private WorkerTransport(
        final PoolDirectory directory,
        final CountersFile counters,
        final int slot,
        final SingleChronicleQueue workQueue,
        final SingleChronicleQueue resultsQueue,
        final EnvelopeRing resultRing,
        final ShardClaimer.Handler handler)
    {
        this.directory = directory;
        this.counters = counters;
        this.slot = slot;
        this.shard = counters.shardOf(slot);
        this.workQueue = workQueue;
        this.resultsQueue = resultsQueue;
        this.resultRing = resultRing;
        this.handler = handler;
        this.claimer = new ShardClaimer(workQueue, counters, shard, slot, handler, ShardClaimer.DEFAULT_BATCH_LIMIT);
        this.resultWriter = new QueueWriter(
            "flotilla-result-writer-" + slot, resultsQueue, resultRing, QueueWriter.DEFAULT_BATCH_LIMIT,
            this::onResultWritten);
        final boolean bells = counters.bellsRung();
        if (bells && !Futex.available())
        {
            LOGGER.log(System.Logger.Level.WARNING, "the parent rings bells but this worker cannot (" +
                Futex.unavailableReason() + "): it polls, and the parent sees its results only when it looks: slot=" +
                slot);
        }
        final boolean sleeps = bells && Futex.available();
        this.doorbell = new Doorbell(sleeps ? counters.bell(slot) : null);
        final SharedBell parentBell = counters.bell(CountersLayout.PARENT_SLOT);
        this.agent = new CompositeAgent(
            claimer,
            sleeps ? new RingAfterWork(resultWriter, parentBell::ring) : resultWriter,
            new HeartbeatAgent(counters, slot, HeartbeatAgent.DEFAULT_INTERVAL_MS));
    }

    /**
     * Opens the pool's files for the worker in {@code slot}; the parent has set the slot's shard.
     *
     * @param directory    the pool directory, opened with {@link PoolDirectory#open}.
     * @param slot         this worker's slot, 1 to the counters file's worker slots.
     * @param resultRing   where the worker's threads put results; this transport drains it into the results queue.
     * @param handler      what the worker does with claimed tasks and define records.
     */
    public static WorkerTransport open(
        final PoolDirectory directory, final int slot, final EnvelopeRing resultRing, final ShardClaimer.Handler handler)
    {
        CountersFile counters = null;
        SingleChronicleQueue workQueue = null;
        SingleChronicleQueue resultsQueue = null;
        try
        {
            counters = CountersFile.open(directory.countersFile());
            if (slot < 1 || slot > counters.workerSlots())
            {
                throw new IllegalArgumentException(
                    "worker slot out of range: slot=" + slot + ", workerSlots=" + counters.workerSlots());
            }
            workQueue = ChronicleQueues.open(directory.workQueue(counters.shardOf(slot)));
            resultsQueue = ChronicleQueues.open(directory.resultsQueue());
            counters.pid(slot, ProcessHandle.current().pid());
            return new WorkerTransport(
                directory, counters, slot, workQueue, resultsQueue, resultRing, handler);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(workQueue, resultsQueue, counters);
            throw ex;
        }
    }

    public CountersFile counters()
    {
        return counters;
    }

    public int slot()
    {
        return slot;
    }

    public int shard()
    {
        return shard;
    }

    public PoolDirectory directory()
    {
        return directory;
    }

    /** @return the ring that feeds the results queue; any thread may encode a result into it. */
    public EnvelopeRing resultRing()
    {
        return resultRing;
    }

    /**
     * Moves what is in the result ring into the results queue now; for a task run on the I/O thread that finds the
     * ring full. The I/O thread only.
     */
    public void drainResults()
    {
        if (0 == resultWriter.doWork())
        {
            Thread.yield();
        }
    }

    /**
     * @return wakes the duty cycle when it idles: ring it after putting a result into the ring or freeing a slot from
     * another thread, so neither waits out a park.
     */
    public Doorbell doorbell()
    {
        return doorbell;
    }

    /** @return this worker's claims lost to other workers of its shard. */
    public long lostClaims()
    {
        return claimer.lostClaims();
    }

    /** @return the I/O duty cycle; run it on one thread, and close it before closing this transport. */
    public Agent agent()
    {
        return agent;
    }

    /**
     * @return whether the parent asked its workers to finish, or has ended. A state that is no {@link ProcessState}
     * (the file was overwritten) counts as closing: this worker finishes what it runs and leaves, and says so once.
     */
    public boolean parentClosing()
    {
        final ProcessState state;
        try
        {
            state = counters.state(CountersLayout.PARENT_SLOT);
        }
        catch (final CorruptCountersException ex)
        {
            if (!parentStateLogged)
            {
                parentStateLogged = true;
                LOGGER.log(System.Logger.Level.ERROR, "taking the parent for closing, its state is unreadable: slot=" +
                    slot + ", " + ex.getMessage());
            }
            return true;
        }
        return ProcessState.CLOSING == state || ProcessState.EXITED == state;
    }

    /**
     * Runs this worker's I/O duty cycle on the calling thread until the worker is done: it publishes READY, claims
     * while {@code keepClaiming} holds and the parent is open and alive, then (unless the parent died) keeps writing
     * results while {@code unfinished} holds or the result ring is not empty, at most {@code drainTimeout}, and
     * publishes EXITED.
     *
     * @return false when the parent died: the worker should exit at once.
     * @throws CorruptCountersException when a value of {@code counters.dat} is out of range (a claim cursor behind or
     * far ahead of the work queue, the parent's pid): the slot's state is then FAILED, and the worker should exit.
     * @throws NoSpaceException when the results queue's file system has no room for a result: the worker should exit,
     * and the parent sees it die with its tasks in flight (and this worker's output says why).
     */
    public boolean runDutyCycle(
        final IdleMode idleMode,
        final java.util.function.BooleanSupplier keepClaiming,
        final java.util.function.BooleanSupplier unfinished,
        final java.time.Duration drainTimeout)
    {
        final long parentPid = counters.parentPid();
        if (parentPid <= 0)
        {
            throw failed(CorruptCountersException.of(counters.file(), "parent pid", parentPid, "a positive pid"));
        }
        final ParentWatch parent = ParentWatch.of(parentPid);
        final org.agrona.concurrent.IdleStrategy idle = IdleStrategies.newIdleStrategy(
            idleMode, doorbell, IdleStrategies.BELL_SLEEP_NS);
        final org.agrona.concurrent.AgentInvoker invoker = new org.agrona.concurrent.AgentInvoker(
            this::onDutyCycleError, null, agent);
        invoker.start();
        state(ProcessState.READY);
        while (null == corruption && null == noSpace && !parentClosing() && keepClaiming.getAsBoolean())
        {
            final int work = invoker.invoke();
            // after the work: a worker woken by a ring claims before it reads its parent's /proc entry
            if (!parent.alive())
            {
                break;
            }
            if (0 == work && !handler.hasCapacity())
            {
                // every slot is taken: only a task of this worker ending can bring work, and it rings
                doorbell.park(FULL_PARK_NS);
                idle.reset();
            }
            else
            {
                idle.idle(work);
            }
        }
        if (null != corruption)
        {
            invoker.close();
            throw failed(corruption);
        }
        if (null != noSpace)
        {
            invoker.close();
            throw noSpace(noSpace);
        }
        if (!parent.alive())
        {
            return false;
        }
        final long deadline = System.nanoTime() + drainTimeout.toNanos();
        while ((unfinished.getAsBoolean() || resultRing.size() > 0) && parent.alive() && System.nanoTime() < deadline)
        {
            idle.idle(invoker.invoke());
        }
        state(ProcessState.EXITED);
        invoker.close();
        return true;
    }

    /**
     * A value of {@code counters.dat} out of range ends the duty cycle: this worker's shard cannot be served from a
     * corrupt file, and leaving (state FAILED) lets the parent fail the pool with the reason instead of waiting.
     */
    private void onDutyCycleError(final Throwable error)
    {
        if (error instanceof CorruptCountersException corrupt)
        {
            if (null == corruption)
            {
                corruption = corrupt;
            }
            return;
        }
        if (error instanceof NoSpaceException full)
        {
            noSpace = full;
            return;
        }
        LOGGER.log(System.Logger.Level.ERROR, "worker duty cycle failed: slot=" + slot, error);
    }

    private CorruptCountersException failed(final CorruptCountersException corrupt)
    {
        LOGGER.log(System.Logger.Level.ERROR, "worker leaves, the pool's shared memory is corrupt: slot=" + slot +
            ", " + corrupt.getMessage());
        state(ProcessState.FAILED);
        return corrupt;
    }

    private NoSpaceException noSpace(final NoSpaceException full)
    {
        LOGGER.log(System.Logger.Level.ERROR, "worker leaves, no room for its results: slot=" + slot + ", " +
            full.getMessage());
        return full;
    }

    /** Publishes this worker's state in its slot. */
    public void state(final ProcessState state)
    {
        counters.state(slot, state);
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(workQueue, resultsQueue, counters);
    }

    private void onResultWritten(final DirectBuffer buffer, final int offset, final int length)
    {
        final int inFlightIndex = buffer.getInt(offset + EnvelopeDescriptor.RESULT_IN_FLIGHT_INDEX_OFFSET);
        if (inFlightIndex >= 0)
        {
            counters.inFlightTable(slot).remove(inFlightIndex);
        }
        final int chunkLength = buffer.getInt(offset + EnvelopeDescriptor.RESULT_CHUNK_LENGTH_OFFSET);
        if (EnvelopeDescriptor.STATUS_OK == buffer.getByte(offset + EnvelopeDescriptor.RESULT_STATUS_OFFSET))
        {
            counters.addCompleted(slot, chunkLength);
        }
        else
        {
            counters.addFailed(slot, chunkLength);
        }
    }
}
