package io.flotilla.launcher;

/**
 * A worker that ended while its pool was open.
 *
 * @param slot        its slot in {@code counters.dat}; its in-flight table still holds what it had claimed.
 * @param pid         its process id.
 * @param cause       how it ended.
 * @param exitValue   its exit value ({@code 128 + n} when killed by signal n).
 * @param description a sentence for logs and exceptions, e.g. "exit code 137 (signal 9, SIGKILL)".
 * @param lastOutput  the last lines it printed.
 */
public record WorkerDeath(int slot, long pid, Cause cause, int exitValue, String description, String lastOutput)
{
    /** How a worker ended. */
    public enum Cause
    {
        /** It exited or was killed from outside (crash, {@code System.exit}, OOM, kill -9). */
        EXITED,
        /** Its heartbeat went stale while it lived; the launcher killed it. */
        HUNG,
        /** It was not ready within the ready timeout after a restart; the launcher killed it. */
        NOT_READY,
        /** It finished its share of tasks (maxTasksPerChild) and exited cleanly; a planned replacement. */
        RETIRED,
        /** The pool asked for it to be killed (say, a task overran its deadline and kept its thread). */
        KILLED
    }
}
