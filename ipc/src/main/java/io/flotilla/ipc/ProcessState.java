package io.flotilla.ipc;

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
    EXITED(4);

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

    /**
     * @param code as stored in the file.
     * @return the state, or throws naming the code when the file holds something else.
     */
    public static ProcessState fromCode(final long code)
    {
        if (code < 0 || code >= BY_CODE.length)
        {
            throw new IpcException("unknown process state in counters file: code=" + code);
        }
        return BY_CODE[(int)code];
    }
}
