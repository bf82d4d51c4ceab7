package io.flotilla.protocol;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.CompositeAgent;

import java.util.ArrayList;
import java.util.List;

/**
 * The parent's side of a pool's shared memory: it creates {@code counters.dat}, the shard work queues and the results
 * queue in a new pool directory, and gives one ring per shard that any thread may encode tasks into.
 * <p>
 * Threads: {@link #agent()} is the parent's one I/O duty cycle: it drains every shard ring into its work queue,
 * reads the results queue into the handler, and beats the parent's heartbeat. It owns all the parent's Chronicle
 * appenders and tailers, so one thread at a time runs it: its own ({@code AgentRunner}), or a caller waiting for a
 * result, which then needs no hand-off ({@link SharedDutyCycle}). One I/O thread per process, rather than one per
 * queue, keeps the spinning threads fewer than the cores on small machines.
 */
public final class ParentTransport implements AutoCloseable
{
    private final PoolDirectory directory;
    private final CountersFile counters;
    private final SingleChronicleQueue[] workQueues;
    private final SingleChronicleQueue resultsQueue;
    private final EnvelopeRing[] shardRings;
    private final SharedDutyCycle agent;
    private final Doorbell doorbell;

    private ParentTransport(
        final PoolDirectory directory,
        final CountersFile counters,
        final SingleChronicleQueue[] workQueues,
        final SingleChronicleQueue resultsQueue,
        final EnvelopeRing[] shardRings,
        final ResultTailer.Handler handler)
    {
        this.directory = directory;
        this.counters = counters;
        this.workQueues = workQueues;
        this.resultsQueue = resultsQueue;
        this.shardRings = shardRings;

        final List<Agent> agents = new ArrayList<>();
        this.doorbell = new Doorbell(counters.bellsRung() ? counters.bell(CountersLayout.PARENT_SLOT) : null);
        for (int s = 0; s < workQueues.length; s++)
        {
            final QueueWriter writer = new QueueWriter(
                "flotilla-work-writer-" + s, workQueues[s], shardRings[s], QueueWriter.DEFAULT_BATCH_LIMIT, null);
            final int shard = s;
            agents.add(counters.bellsRung() ? new RingAfterWork(writer, () -> counters.ringShard(shard)) : writer);
        }
        agents.add(new ResultTailer(resultsQueue, handler, ResultTailer.DEFAULT_BATCH_LIMIT));
        agents.add(new HeartbeatAgent(counters, CountersLayout.PARENT_SLOT, HeartbeatAgent.DEFAULT_INTERVAL_MS));
        this.agent = new SharedDutyCycle(new CompositeAgent(agents));
    }

    /**
     * Creates the pool's files in {@code directory} and maps them.
     *
     * @param directory        a new pool directory; closing the transport closes it (and removes it unless kept).
     * @param workerSlots      worker slots in the counters file.
     * @param inFlightCapacity in-flight entries per worker.
     * @param ringCapacity     bytes per shard ring, a power of two.
     * @param handler          told about each result, on the I/O thread.
     */
    public static ParentTransport create(
        final PoolDirectory directory,
        final int workerSlots,
        final int inFlightCapacity,
        final int ringCapacity,
        final ResultTailer.Handler handler)
    {
        final CountersFile counters;
        try
        {
            counters = CountersFile.create(
                directory.countersFile(), directory.shardCount(), workerSlots, inFlightCapacity);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(directory);
            throw ex;
        }
        return create(directory, counters, ringCapacity, handler);
    }

    /**
     * Opens the pool's queues next to a counters file created earlier, so that worker JVMs can be started (they need
     * only {@code counters.dat}) while this JVM pays for opening the queues.
     *
     * @param counters the pool's counters file, created in {@code directory}; closing the transport closes it.
     */
    public static ParentTransport create(
        final PoolDirectory directory,
        final CountersFile counters,
        final int ringCapacity,
        final ResultTailer.Handler handler)
    {
        final int shards = directory.shardCount();
        final SingleChronicleQueue[] workQueues = new SingleChronicleQueue[shards];
        SingleChronicleQueue resultsQueue = null;
        try
        {
            final EnvelopeRing[] rings = new EnvelopeRing[shards];
            for (int s = 0; s < shards; s++)
            {
                workQueues[s] = ChronicleQueues.open(directory.workQueue(s));
                rings[s] = new EnvelopeRing(ringCapacity);
            }
            resultsQueue = ChronicleQueues.open(directory.resultsQueue());
            counters.pid(CountersLayout.PARENT_SLOT, ProcessHandle.current().pid());
            counters.state(CountersLayout.PARENT_SLOT, ProcessState.READY);
            return new ParentTransport(directory, counters, workQueues, resultsQueue, rings, handler);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(workQueues);
            CloseHelper.quietCloseAll(resultsQueue, counters, directory);
            throw ex;
        }
    }

    public PoolDirectory directory()
    {
        return directory;
    }

    public CountersFile counters()
    {
        return counters;
    }

    public int shardCount()
    {
        return shardRings.length;
    }

    /** @return the ring that feeds shard {@code shard}'s work queue; any thread may encode into it. */
    public EnvelopeRing shardRing(final int shard)
    {
        return shardRings[shard];
    }

    /**
     * @return the I/O duty cycle: its home thread runs it, and a thread waiting for a result may run it too (one at a
     * time); stop its home thread before closing this transport.
     */
    public SharedDutyCycle agent()
    {
        return agent;
    }

    /**
     * @return wakes the I/O duty cycle's threads when they idle: ring it after putting a task into a ring from another
     * thread. Its shared bell, when the pool has bells, is the one the workers ring after writing results.
     */
    public Doorbell doorbell()
    {
        return doorbell;
    }

    /**
     * Tells workers to finish: the parent's slot goes to CLOSING, which workers watch, and every sleeping worker is
     * woken to see it.
     */
    public void signalClosing()
    {
        counters.state(CountersLayout.PARENT_SLOT, ProcessState.CLOSING);
        counters.ringAll();
    }

    /**
     * Unmaps and closes the queues and the counters file, then closes the pool directory (which removes the files
     * unless they are kept). Stop the agent and the workers first.
     */
    @Override
    public void close()
    {
        counters.state(CountersLayout.PARENT_SLOT, ProcessState.EXITED);
        counters.ringAll();
        CloseHelper.closeAll(workQueues);
        CloseHelper.closeAll(resultsQueue, counters, directory);
    }
}
