package io.flotilla.launcher;

/**
 * Says how a process ended, from its exit value. The JDK reports a process killed by signal {@code n} as
 * {@code 128 + n}, which a process could also return by itself, so both readings are given.
 */
public final class ExitDescription
{
    private ExitDescription()
    {
    }

    /**
     * @param exitValue {@link Process#exitValue()}.
     * @return e.g. {@code "exit code 0"}, {@code "exit code 137 (signal 9, SIGKILL)"}.
     */
    public static String of(final int exitValue)
    {
        if (exitValue > 128 && exitValue < 128 + 65)
        {
            final int signal = exitValue - 128;
            return "exit code " + exitValue + " (signal " + signal + signalName(signal) + ")";
        }
        final String meaning = io.flotilla.protocol.WorkerExitCodes.meaning(exitValue);
        return "exit code " + exitValue + (null == meaning ? "" : " (" + meaning + ")");
    }

    private static String signalName(final int signal)
    {
        return switch (signal)
        {
            case 1 -> ", SIGHUP";
            case 2 -> ", SIGINT";
            case 3 -> ", SIGQUIT";
            case 4 -> ", SIGILL";
            case 6 -> ", SIGABRT";
            case 7 -> ", SIGBUS";
            case 9 -> ", SIGKILL";
            case 11 -> ", SIGSEGV";
            case 13 -> ", SIGPIPE";
            case 15 -> ", SIGTERM";
            default -> "";
        };
    }
}
