package io.flotilla.ipc;

import net.openhft.posix.PosixAPI;

/**
 * What a worker JVM tells Chronicle before it first touches it, to start faster.
 * <p>
 * Chronicle's first use loads its native POSIX binding (JNR: byte-code stubs generated at run time and a
 * {@code ldconfig -p} child process), about a third of a worker's start-up on this project's reference machine. A
 * pool's queues never call it: they map with {@link net.openhft.chronicle.bytes.SyncMode#NONE}, and msync is the
 * only POSIX call on their path. So a worker uses Chronicle's no-op binding, unless
 * {@value #NATIVE_POSIX_PROPERTY}{@code =true} is set for the workers (for task code that uses Chronicle with
 * msync or another POSIX call of its own).
 */
public final class WorkerChronicle
{
    /** System property that keeps Chronicle's native POSIX binding in worker JVMs. */
    public static final String NATIVE_POSIX_PROPERTY = "flotilla.worker.chronicleNativePosix";

    private WorkerChronicle()
    {
    }

    /**
     * Prepares Chronicle for a worker JVM; call it first thing in a worker's main, before any queue is opened.
     *
     * @return whether Chronicle's native POSIX binding was left on.
     */
    public static boolean prepare()
    {
        if (Boolean.getBoolean(NATIVE_POSIX_PROPERTY))
        {
            return true;
        }
        PosixAPI.useNoOpPosixApi();
        return false;
    }
}
