package io.flotilla.tools;

import io.flotilla.Pool;
import io.flotilla.core.LocalPool;
import io.flotilla.protocol.IpcException;
import io.flotilla.launcher.AotCache;
import io.flotilla.launcher.LaunchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code flotilla aot-train}: trains the AOT cache that worker JVMs of a default pool start with (JDK 25+, a class path
 * of jars). Pools find it by itself afterwards.
 */
@Command(
    name = "aot-train",
    mixinStandardHelpOptions = true,
    description = "Trains the AOT cache worker JVMs start with, so pools start faster.")
public final class AotTrainCommand implements Callable<Integer>
{
    @Option(names = "--if-missing", description = "Do nothing when a fitting cache exists.")
    boolean ifMissing;

    @Option(names = "--quiet", description = "Print nothing when all is well.")
    boolean quiet;

    @Option(names = "--worker-jvm-option", description = "A JVM option the pool's workers run with, as given to " +
        "workerJvmOption; repeatable. A cache fits only workers of the same options (-D and -Xlog aside).")
    java.util.List<String> workerJvmOptions = new java.util.ArrayList<>();

    PrintStream out = System.out;

    /** @return how the workers this cache is for are launched: a default pool's, with the given JVM options. */
    LaunchConfig launchConfig()
    {
        final io.flotilla.PoolConfig.Builder pool = Pool.builder();
        workerJvmOptions.forEach(pool::workerJvmOption);
        return LocalPool.launchConfig(pool.config());
    }

    @Override
    public Integer call()
    {
        final LaunchConfig launch = launchConfig();
        final AotCache cache = launch.aotCache();
        final String unsupported = null == cache ? "AOT caches are turned off" : AotCache.unsupportedReason(launch);
        if (null != unsupported)
        {
            out.println("no AOT cache for workers: " + unsupported);
            return 0;
        }
        final Path file = cache.fileFor(launch);
        if (ifMissing && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && null == cache.untrustedReason(file))
        {
            if (!quiet)
            {
                out.println("AOT cache already there: " + file);
            }
            return 0;
        }
        final long startNs = System.nanoTime();
        try
        {
            cache.train(launch, WorkerTrainer.class.getName(), Duration.ofMinutes(5));
        }
        catch (final IpcException ex)
        {
            out.println("no AOT cache for workers: " + ex.getMessage());
            return 1;
        }
        if (!quiet)
        {
            out.printf("AOT cache for workers trained in %d ms: %s%n", (System.nanoTime() - startNs) / 1_000_000, file);
        }
        return 0;
    }
}
