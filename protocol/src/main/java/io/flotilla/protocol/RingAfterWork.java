package io.flotilla.protocol;

import org.agrona.concurrent.Agent;

/**
 * An agent that rings a bell after each duty cycle in which its delegate did work: a writer whose readers in other
 * processes may sleep rings them once per batch it wrote, not once per message.
 */
final class RingAfterWork implements Agent
{
    private final Agent delegate;
    private final Runnable ring;

    RingAfterWork(final Agent delegate, final Runnable ring)
    {
        this.delegate = delegate;
        this.ring = ring;
    }

    @Override
    public void onStart()
    {
        delegate.onStart();
    }

    @Override
    public int doWork() throws Exception
    {
        final int work = delegate.doWork();
        if (work > 0)
        {
            ring.run();
        }
        return work;
    }

    @Override
    public void onClose()
    {
        delegate.onClose();
    }

    @Override
    public String roleName()
    {
        return delegate.roleName();
    }
}
