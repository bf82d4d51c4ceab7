package io.flotilla.protocol;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

/**
 * One int of {@code counters.dat} that an idle thread sleeps on (with {@link Futex}) until a thread of any process
 * rings it: the doorbell of a process slot. The word is an event count: its low {@value #SLEEPER_BITS} bits count the
 * threads that sleep or are about to, the bits above count rings (wrapping).
 * <p>
 * A sleeper {@link #arm() arms} (adds itself, which also fences), looks for work once more, and only then
 * {@link #await awaits} the value it armed with; a ringer publishes its work, fences, and rings only when it reads a
 * sleeper: it moves the ring count and wakes every sleeper. Either the sleeper's last look sees the work, or the
 * ringer sees the sleeper, and a ring between the look and the sleep changes the word, so the kernel does not let
 * the sleeper sleep: no ring is lost. A ring with nobody asleep costs a fence and a read of a line the sleeper does not
 * write while it works.
 * <p>
 * The word is shared memory, so it may be garbage: every sleep has a timeout, and a wrong count costs at most useless
 * wake-ups or a sleep until the timeout, never a hang.
 */
public final class SharedBell
{
    static final int SLEEPER_BITS = 12;
    static final int SLEEPER = 1;
    static final int SLEEPER_MASK = (1 << SLEEPER_BITS) - 1;
    static final int RING = 1 << SLEEPER_BITS;

    private final AtomicBuffer buffer;
    private final int offset;
    private final long address;

    /** @param buffer mapped memory shared with the other processes; the word at {@code offset} is 4-byte aligned. */
    public SharedBell(final AtomicBuffer buffer, final int offset)
    {
        buffer.boundsCheck(offset, Integer.BYTES);
        if (0 != ((buffer.addressOffset() + offset) & (Integer.BYTES - 1)))
        {
            throw new IllegalArgumentException("bell word not 4-byte aligned: offset=" + offset);
        }
        this.buffer = buffer;
        this.offset = offset;
        this.address = buffer.addressOffset() + offset;
    }

    /** Wakes every thread asleep on this bell, in any process; after publishing the work they should see. */
    public void ring()
    {
        VarHandle.fullFence();
        if (0 != (buffer.getIntVolatile(offset) & SLEEPER_MASK))
        {
            buffer.getAndAddInt(offset, RING);
            Futex.wake(address, Integer.MAX_VALUE);
        }
    }

    /**
     * Counts the calling thread as a sleeper. Look for work once more, then {@link #await} with the key, or
     * {@link #disarm()} if there was work.
     *
     * @return the key: the word's value with this sleeper in it.
     */
    public int arm()
    {
        return buffer.getAndAddInt(offset, SLEEPER) + SLEEPER;
    }

    /**
     * Sleeps until a ring, or {@code timeoutNs}; returns at once if a ring came after {@link #arm()}. Then
     * {@link #disarm()}.
     */
    public void await(final int key, final long timeoutNs, final UnsafeBuffer timespec)
    {
        Futex.await(address, key, timeoutNs, timespec);
    }

    /** The calling thread no longer sleeps. */
    public void disarm()
    {
        buffer.getAndAddInt(offset, -SLEEPER);
    }

    /** @return threads counted as asleep now (for tests and stats); garbage in a corrupt file. */
    public int sleepers()
    {
        return buffer.getIntVolatile(offset) & SLEEPER_MASK;
    }

    /** Forgets sleepers of a process that died asleep; for the owner of the slot, before a new process uses it. */
    public void clear()
    {
        buffer.putIntVolatile(offset, 0);
    }

    /** @return {@link Futex#TIMESPEC_LENGTH} bytes of native memory for one sleeping thread. */
    public static UnsafeBuffer newTimespec()
    {
        return new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(Futex.TIMESPEC_LENGTH));
    }
}
