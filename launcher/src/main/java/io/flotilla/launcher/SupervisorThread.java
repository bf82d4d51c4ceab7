package io.flotilla.launcher;

import org.agrona.concurrent.AgentRunner;

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
    /**
     * The pass interval while every worker is ready: a death wakes the supervisor at once (the process's exit), so this
     * bounds only how late a hang past the hung timeout is seen; an idle pool then costs ten passes a second.
     */
    static final long STEADY_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);

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
        final AgentRunner runner = new AgentRunner(new PassInterval(agent), SupervisorThread::onError, null, agent);
        final Thread thread =
            AgentRunner.startOnThread(runner, Thread.ofPlatform().daemon().name(agent.roleName()).factory());
        agent.onProcessExit(() -> LockSupport.unpark(thread));
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

    /** Sleeps {@link #SUPERVISE_INTERVAL_NS} between passes while workers start or restart, else longer. */
    private static final class PassInterval implements org.agrona.concurrent.IdleStrategy
    {
        private final SupervisorAgent agent;

        PassInterval(final SupervisorAgent agent)
        {
            this.agent = agent;
        }

        @Override
        public void idle(final int workCount)
        {
            if (workCount <= 0)
            {
                idle();
            }
        }

        @Override
        public void idle()
        {
            LockSupport.parkNanos(agent.steady() ? STEADY_INTERVAL_NS : SUPERVISE_INTERVAL_NS);
        }

        @Override
        public void reset()
        {
        }
    }

    private static void onError(final Throwable ex)
    {
        LOGGER.log(System.Logger.Level.ERROR, "supervisor stopped: it failed unexpectedly", ex);
    }
}
