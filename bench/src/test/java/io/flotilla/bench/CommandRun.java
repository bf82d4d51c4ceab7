package io.flotilla.bench;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A command run the way {@code ./flotilla} runs it, with what it printed to {@code System.out}.
 *
 * @param exit    the command's exit code.
 * @param printed what it printed.
 */
record CommandRun(int exit, String printed)
{
    /**
     * @param command makes the command once {@code System.out} is redirected: a command may keep the stream it
     *                finds when it is made.
     */
    static CommandRun of(final java.util.function.Supplier<?> command, final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        final int exit;
        try
        {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            exit = new CommandLine(command.get()).execute(args);
        }
        finally
        {
            System.setOut(original);
        }
        return new CommandRun(exit, bytes.toString(StandardCharsets.UTF_8));
    }
}
