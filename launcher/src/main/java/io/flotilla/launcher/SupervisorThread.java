package io.flotilla.launcher;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingIdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link SupervisorAgent} on a daemon platform thread of its own, named after the agent's role, with an
 * {@link AgentRunner}: a pass every {@link #SUPERVISE_INTERVAL_NS} while nothing happens. The agent can be driven by
 * a caller instead (its {@code doWork()}), which is how its decisions are tested.
 * <p>
 * Threads: {@link #start} and {@link #stop} from the pool's owner; {@link #isCurrent()} from any.
 */
final class SupervisorThread
{
    static final long SUPERVISE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final System.Logger LOGGER = System.getLogger(WorkerLauncher.class.getName());

    private final SupervisorAgent agent;
    private final AgentRunner runner;
    private final Thread thread;

    private SupervisorThread(final SupervisorAgent agent, final AgentRunner runner, final Thread thread)
    {
        this.agent = agent;
        this.runner = runner;
        this.thread = thread;
    }

    static SupervisorThread start(final SupervisorAgent agent)
    {
        final AgentRunner runner = new AgentRunner(
            new SleepingIdleStrategy(SUPERVISE_INTERVAL_NS), SupervisorThread::onError, null, agent);
        final Thread thread =
            AgentRunner.startOnThread(runner, Thread.ofPlatform().daemon().name(agent.roleName()).factory());
        return new SupervisorThread(agent, runner, thread);
    }

    /** @return whether the calling thread is the supervisor (a listener callback runs on it). */
    boolean isCurrent()
    {
        return Thread.currentThread() == thread;
    }

    /**
     * Stops the agent and waits, however long its pass takes and without interrupting it, until its thread is gone;
     * an interrupt of the caller is kept for later.
     */
    void stop()
    {
        agent.stop();
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        runner.close();
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void onError(final Throwable ex)
    {
        LOGGER.log(System.Logger.Level.ERROR, "supervisor stopped: it failed unexpectedly", ex);
    }
}
