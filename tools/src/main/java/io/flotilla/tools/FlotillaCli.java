package io.flotilla.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flotilla} command line.
 */
@Command(
    name = "flotilla",
    mixinStandardHelpOptions = true,
    versionProvider = FlotillaVersion.class,
    description = "Runs work on a pool of worker JVMs fed through shared memory.",
    subcommands = {DemoCommand.class, ReplayCommand.class, StatCommand.class, AotTrainCommand.class})
public final class FlotillaCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new FlotillaCli()).execute(args));
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
