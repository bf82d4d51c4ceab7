package io.flotilla.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to launch a pool's worker JVMs. Built with {@link #builder(String)}, validated once in
 * {@link Builder#build()}, immutable afterwards. Each worker runs
 * {@code java @jvm.flags <jvmOptions> -cp <classPath> <mainClass> <pool-dir> <slot> <args>}.
 */
public final class LaunchConfig
{
    /** Default heap of a worker JVM: workers are small; the user raises it for big tasks. */
    public static final String DEFAULT_HEAP = "-Xmx128m";
    /**
     * Default initial heap: without it the JVM starts with 1/64 of the machine's memory (capped by -Xmx), which an
     * idle worker then keeps resident.
     */
    public static final String DEFAULT_INITIAL_HEAP = "-Xms16m";
    /**
     * Default collector of a worker JVM: G1's own structures cost a small heap about a third of its size in resident
     * memory; the serial collector, the JVM's choice for small heaps, costs almost none. An idle worker went from
     * 76-93 MiB to under 64 MiB of private memory with this and {@link #DEFAULT_INITIAL_HEAP}.
     */
    public static final String DEFAULT_GC = "-XX:+UseSerialGC";
    /**
     * Always on: a worker that runs out of heap exits at once (and is replaced, its tasks sent again) rather than
     * limping on in a state no one can trust.
     */
    public static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** A ready worker whose heartbeat is older than this is hung: killed and replaced. */
    public static final Duration DEFAULT_HUNG_TIMEOUT = Duration.ofSeconds(3);
    /** A slot whose worker dies before it is ready this many times in a row fails the pool. */
    public static final int DEFAULT_MAX_START_FAILURES = 3;
    /** Restarts allowed within {@link #RESTART_WINDOW} across the pool before it fails. */
    public static final int DEFAULT_MAX_RESTARTS_PER_WINDOW = 20;
    public static final Duration RESTART_WINDOW = Duration.ofMinutes(1);

    private final String mainClass;
    private final int workers;
    private final Path javaBinary;
    private final String classPath;
    private final List<String> jvmOptions;
    private final List<String> args;
    private final Duration readyTimeout;
    private final Duration shutdownGrace;
    private final Duration hungTimeout;
    private final int maxStartFailures;
    private final int maxRestartsPerWindow;
    private final System.Logger.Level outputLevel;
    private final AotCache aotCache;

    private LaunchConfig(final Builder b)
    {
        this.mainClass = b.mainClass;
        this.workers = b.workers;
        this.javaBinary = b.javaBinary;
        this.classPath = b.classPath;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.args = List.copyOf(b.args);
        this.readyTimeout = b.readyTimeout;
        this.shutdownGrace = b.shutdownGrace;
        this.hungTimeout = b.hungTimeout;
        this.maxStartFailures = b.maxStartFailures;
        this.maxRestartsPerWindow = b.maxRestartsPerWindow;
        this.outputLevel = b.outputLevel;
        this.aotCache = b.aotCache;
    }

    public static Builder builder(final String mainClass)
    {
        return new Builder(mainClass);
    }

    public String mainClass()
    {
        return mainClass;
    }

    public int workers()
    {
        return workers;
    }

    public Duration readyTimeout()
    {
        return readyTimeout;
    }

    public Duration shutdownGrace()
    {
        return shutdownGrace;
    }

    public Duration hungTimeout()
    {
        return hungTimeout;
    }

    public int maxStartFailures()
    {
        return maxStartFailures;
    }

    public int maxRestartsPerWindow()
    {
        return maxRestartsPerWindow;
    }

    /** @return level at which worker output is forwarded to the parent's {@code System.Logger}. */
    public System.Logger.Level outputLevel()
    {
        return outputLevel;
    }

    /**
     * @return the command line of the worker in that slot of that pool directory.
     */
    public JvmCommand commandFor(final Path poolDirectory, final int slot)
    {
        final JvmCommand.Builder command = jvm(mainClass);
        argsFor(poolDirectory, slot).forEach(command::arg);
        return command.build();
    }

    /** @return the arguments of the worker in that slot of that pool directory, after its main class. */
    List<String> argsFor(final Path poolDirectory, final int slot)
    {
        final List<String> all = new ArrayList<>();
        all.add(poolDirectory.toString());
        all.add(Integer.toString(slot));
        all.addAll(args);
        return all;
    }

    /**
     * @return the command line of a spare worker JVM: the workers' JVM and options, {@link StandbyMain} as main class,
     * waiting on that standby file to become a worker of this configuration.
     */
    JvmCommand standbyCommand(final Path standbyFile)
    {
        return jvm(StandbyMain.class.getName()).arg(standbyFile.toString()).arg(mainClass)
            .arg(Long.toString(ProcessHandle.current().pid())).build();
    }

    /**
     * @return whether a spare JVM started for {@code other} can become a worker of this configuration: the same java
     * binary, class path, JVM options, AOT cache and main class (the arguments may differ; a spare gets them when it
     * is assigned).
     */
    boolean sameJvmAs(final LaunchConfig other)
    {
        return mainClass.equals(other.mainClass) && javaBinary.equals(other.javaBinary) &&
            classPath.equals(other.classPath) && vmOptions().equals(other.vmOptions()) &&
            java.util.Objects.equals(null == aotCache ? null : aotCache.directory(),
                null == other.aotCache ? null : other.aotCache.directory());
    }

    private JvmCommand.Builder jvm(final String main)
    {
        final JvmCommand.Builder command = JvmCommand.builder(main).javaBinary(javaBinary).classPath(classPath);
        vmOptions().forEach(command::jvmOption);
        if (null != aotCache)
        {
            aotCache.optionsFor(this).forEach(command::jvmOption);
        }
        return command;
    }

    /** @return the command of an AOT training run: the workers' JVM options and class path, another main. */
    List<String> trainingCommand(final String trainerMainClass, final String aotOutputOption)
    {
        final JvmCommand.Builder command = JvmCommand.builder(trainerMainClass).javaBinary(javaBinary)
            .classPath(classPath);
        vmOptions().forEach(command::jvmOption);
        command.jvmOption(aotOutputOption);
        return command.build().toList();
    }

    /**
     * @return the options an AOT cache must be trained with to fit these workers: all but system properties and
     * logging ({@code -Xlog}), which do not change what the cache holds.
     */
    List<String> vmOptionsForCache()
    {
        final List<String> options = new ArrayList<>(io.flotilla.protocol.JvmFlags.all());
        options.addAll(vmOptions());
        options.removeIf(o -> o.startsWith("-D") || o.startsWith("-Xlog"));
        return options;
    }

    private List<String> vmOptions()
    {
        final List<String> options = new ArrayList<>();
        options.add(EXIT_ON_OOM);
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Xmx")))
        {
            options.add(DEFAULT_HEAP);
        }
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Xms") || o.startsWith("-XX:InitialHeapSize")))
        {
            options.add(DEFAULT_INITIAL_HEAP);
        }
        if (jvmOptions.stream().noneMatch(o -> o.matches("-XX:[+-]Use\\w*GC")))
        {
            options.add(DEFAULT_GC);
        }
        options.addAll(jvmOptions);
        return options;
    }

    public Path javaBinary()
    {
        return javaBinary;
    }

    public String classPath()
    {
        return classPath;
    }

    /** @return where worker AOT caches are looked up, or null when workers start without one. */
    public AotCache aotCache()
    {
        return aotCache;
    }

    /** Collects and validates a {@link LaunchConfig}. */
    public static final class Builder
    {
        private final String mainClass;
        private int workers = Runtime.getRuntime().availableProcessors();
        private Path javaBinary = JvmCommand.currentJavaBinary();
        private String classPath = System.getProperty("java.class.path");
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private Duration hungTimeout = DEFAULT_HUNG_TIMEOUT;
        private int maxStartFailures = DEFAULT_MAX_START_FAILURES;
        private int maxRestartsPerWindow = DEFAULT_MAX_RESTARTS_PER_WINDOW;
        private System.Logger.Level outputLevel = System.Logger.Level.INFO;
        private AotCache aotCache = AotCache.atDefaultLocation();

        private Builder(final String mainClass)
        {
            this.mainClass = mainClass;
        }

        public Builder workers(final int workers)
        {
            this.workers = workers;
            return this;
        }

        public Builder javaBinary(final Path javaBinary)
        {
            this.javaBinary = javaBinary;
            return this;
        }

        public Builder classPath(final String classPath)
        {
            this.classPath = classPath;
            return this;
        }

        /** A JVM option for every worker, after the shared flags; an {@code -Xmx} here replaces the default heap. */
        public Builder jvmOption(final String option)
        {
            jvmOptions.add(Objects.requireNonNull(option, "jvmOption"));
            return this;
        }

        /** An argument for every worker, after its pool directory and slot. */
        public Builder arg(final String arg)
        {
            args.add(Objects.requireNonNull(arg, "arg"));
            return this;
        }

        public Builder readyTimeout(final Duration readyTimeout)
        {
            this.readyTimeout = readyTimeout;
            return this;
        }

        public Builder shutdownGrace(final Duration shutdownGrace)
        {
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        public Builder hungTimeout(final Duration hungTimeout)
        {
            this.hungTimeout = hungTimeout;
            return this;
        }

        public Builder maxStartFailures(final int maxStartFailures)
        {
            this.maxStartFailures = maxStartFailures;
            return this;
        }

        public Builder maxRestartsPerWindow(final int maxRestartsPerWindow)
        {
            this.maxRestartsPerWindow = maxRestartsPerWindow;
            return this;
        }

        /** Where workers look for a trained AOT cache (default: {@code <pool base>/aot}); null to never use one. */
        public Builder aotCache(final AotCache aotCache)
        {
            this.aotCache = aotCache;
            return this;
        }

        /** Level of forwarded worker output; {@code OFF} keeps it in the worker's log file only. */
        public Builder outputLevel(final System.Logger.Level outputLevel)
        {
            this.outputLevel = outputLevel;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the field and its value.
         */
        public LaunchConfig build()
        {
            if (null == mainClass || mainClass.isBlank())
            {
                throw new IllegalArgumentException("main class must be named: mainClass=" + mainClass);
            }
            if (workers < 1)
            {
                throw new IllegalArgumentException("at least one worker: workers=" + workers);
            }
            if (null == javaBinary)
            {
                throw new IllegalArgumentException("java binary must be set: javaBinary=null");
            }
            if (null == classPath || classPath.isEmpty())
            {
                throw new IllegalArgumentException("class path must be set: classPath=" + classPath);
            }
            if (null == readyTimeout || readyTimeout.isNegative() || readyTimeout.isZero())
            {
                throw new IllegalArgumentException("ready timeout must be positive: readyTimeout=" + readyTimeout);
            }
            if (null == shutdownGrace || shutdownGrace.isNegative())
            {
                throw new IllegalArgumentException("shutdown grace must not be negative: shutdownGrace=" + shutdownGrace);
            }
            if (null == hungTimeout || hungTimeout.compareTo(Duration.ofMillis(200)) < 0)
            {
                throw new IllegalArgumentException(
                    "hung timeout must be at least 200 ms (workers beat every 100 ms): hungTimeout=" + hungTimeout);
            }
            if (maxStartFailures < 1)
            {
                throw new IllegalArgumentException("max start failures must be positive: maxStartFailures=" +
                    maxStartFailures);
            }
            if (maxRestartsPerWindow < 0)
            {
                throw new IllegalArgumentException("max restarts must not be negative: maxRestartsPerWindow=" +
                    maxRestartsPerWindow);
            }
            if (null == outputLevel)
            {
                throw new IllegalArgumentException("output level must be set: outputLevel=null");
            }
            return new LaunchConfig(this);
        }
    }
}
