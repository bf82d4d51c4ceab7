package io.flotilla.protocol;

/**
 * Exit codes of a worker JVM, distinct from the JVM's own (1 for an uncaught exception in main, 3 for
 * {@code -XX:+ExitOnOutOfMemoryError}, 128 + n for signal n), so the launcher's report says which it was.
 */
public final class WorkerExitCodes
{
    /** Left as asked: retired, or its pool closed. */
    public static final int OK = 0;
    /** Started with wrong arguments. */
    public static final int USAGE = 2;
    /** The pool's initializer threw; the worker's log holds its stack trace. */
    public static final int INITIALIZER_FAILED = 70;

    private WorkerExitCodes()
    {
    }

    /** @return what the code means when it is one of ours or the JVM's, or null. */
    public static String meaning(final int exitValue)
    {
        return switch (exitValue)
        {
            case USAGE -> "wrong worker arguments";
            case 3 -> "out of memory under ExitOnOutOfMemoryError, or exit(3)";
            case INITIALIZER_FAILED -> "the worker's initializer failed";
            default -> null;
        };
    }
}
