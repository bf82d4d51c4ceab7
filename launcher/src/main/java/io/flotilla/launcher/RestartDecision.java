package io.flotilla.launcher;

/**
 * What the {@link RestartPolicy} decided for a slot whose worker ended.
 *
 * @param action  restart now, restart after {@code delayNs}, or give up.
 * @param delayNs how long to wait before the restart, for {@link Action#RESTART_LATER}; 0 otherwise.
 * @param reason  why the policy gave up, for {@link Action#GIVE_UP}; null otherwise.
 */
record RestartDecision(Action action, long delayNs, String reason)
{
    /** What to do with the slot. */
    enum Action
    {
        RESTART_NOW,
        RESTART_LATER,
        GIVE_UP
    }

    static final RestartDecision NOW = new RestartDecision(Action.RESTART_NOW, 0, null);

    static RestartDecision after(final long delayNs)
    {
        if (delayNs <= 0)
        {
            throw new IllegalArgumentException("a back-off must be positive: delayNs=" + delayNs);
        }
        return new RestartDecision(Action.RESTART_LATER, delayNs, null);
    }

    static RestartDecision giveUp(final String reason)
    {
        return new RestartDecision(Action.GIVE_UP, 0, reason);
    }

    boolean isGiveUp()
    {
        return Action.GIVE_UP == action;
    }
}
