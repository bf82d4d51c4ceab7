package io.flotilla.protocol;

import org.agrona.concurrent.IdleStrategy;

/**
 * An idle strategy whose phases restart after work: {@code idle(workCount)} resets on work and idles one step
 * without, the way Agrona's back-off does; subclasses give the step and the reset.
 */
abstract class WorkResetIdleStrategy implements IdleStrategy
{
    @Override
    public final void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }
}
