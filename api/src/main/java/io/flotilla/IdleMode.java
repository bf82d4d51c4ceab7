package io.flotilla;

import java.util.Locale;

/**
 * How a Flotilla I/O thread waits when it has nothing to do.
 * <p>
 * {@link #BACKOFF} is the default because a machine may have as few as two cores: it spins briefly, yields, then
 * parks for growing periods, so an idle pool costs little CPU. {@link #BUSY_SPIN} is the opt-in latency mode: each
 * I/O thread owns a core.
 */
public enum IdleMode
{
    /**
     * Spin (system property {@code flotilla.idle.spins}, 100), then yield ({@code flotilla.idle.yields}, 20,000),
     * then park from 1 us up to 1 ms; after {@code flotilla.idle.deepAfterMs} (100) without work, park
     * {@code flotilla.idle.deepParkMs} (5) at a time.
     */
    BACKOFF,
    /** Never give up the core. */
    BUSY_SPIN;

    /**
     * @param name a mode name, any case, {@code -} or {@code _} between words.
     * @return the mode.
     * @throws IllegalArgumentException naming the value and the choices.
     */
    public static IdleMode parse(final String name)
    {
        final String normalised = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final IdleMode mode : values())
        {
            if (mode.name().equals(normalised))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown idle mode: idleMode=" + name + ", expected one of backoff, busy-spin");
    }
}
