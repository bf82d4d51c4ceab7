package io.flotilla.protocol;

/**
 * Life-cycle state of a process slot in {@code counters.dat}; the code is what the file holds.
 */
public enum ProcessState
{
    /** Slot not in use. */
    FREE(0),
    /** Process launched, not ready for work yet. */
    STARTING(1),
    /** Ready: claims and runs work. Readiness is this state, never a sleep. */
    READY(2),
    /** Asked to finish: a parent in this state tells its workers to drain and exit. */
    CLOSING(3),
    /** Ended cleanly. */
    EXITED(4),
    /**
     * Left because it found the pool's shared memory corrupt (a value of {@code counters.dat} out of range, a claim
     * cursor ahead of its work queue): a restart cannot help, so the parent fails the pool instead of restarting.
     */
    FAILED(5);

    private static final ProcessState[] BY_CODE = values();

    private final int code;

    ProcessState(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    /** @return whether the file may hold that code. */
    public static boolean known(final long code)
    {
        return code >= 0 && code < BY_CODE.length;
    }

    /**
     * @param code as stored in the file.
     * @return the state, or throws naming the code when the file holds something else.
     */
    public static ProcessState fromCode(final long code)
    {
        if (!known(code))
        {
            throw new IpcException("unknown process state in counters file: code=" + code + ", known=0.." +
                (BY_CODE.length - 1));
        }
        return BY_CODE[(int)code];
    }
}
