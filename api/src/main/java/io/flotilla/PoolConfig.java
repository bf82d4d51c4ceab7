package io.flotilla;

import io.flotilla.spi.PoolEngines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one configuration of a {@link Pool}: built with {@link Pool#builder()}, validated once in
 * {@link Builder#build()} (a wrong value fails there, named with its value), immutable afterwards.
 */
public final class PoolConfig
{
    static
    {
        // the engine switches off what phones home before anything of ours can load it
        PoolEngines.engine();
    }

    /** Default tasks one worker runs at once. */
    public static final int DEFAULT_CHILD_CONCURRENCY = 16;
    /** Default re-dispatches of a task whose worker died. */
    public static final int DEFAULT_MAX_RETRIES = 2;
    /**
     * Bytes an envelope takes in a ring besides its payload: the result header (48) and the ring's record header with
     * alignment slack (16). The wire's own constants are checked against these in the engine's tests.
     */
    public static final int ENVELOPE_OVERHEAD = 48 + 16;
    /** Bytes of the smallest ring between threads and queues (1 MiB). */
    public static final int MIN_RING_CAPACITY = 1 << 20;
    /** Default largest payload: what the default 1 MiB ring holds eight of. */
    public static final int DEFAULT_MAX_PAYLOAD = MIN_RING_CAPACITY / 8 - ENVELOPE_OVERHEAD;
    /** Largest {@link Builder#maxInFlight}. */
    public static final int MAX_IN_FLIGHT_LIMIT = 1 << 22;
    /** Largest payload at all: a queue excerpt (a quarter of a 16 MiB Chronicle block) less the result header. */
    public static final int MAX_PAYLOAD_LIMIT = (16 << 20) / 4 - 48;

    private final int processes;
    private final int childConcurrency;
    private final int queueCount;
    private final int maxRetries;
    private final IdleMode idleMode;
    private final Path base;
    private final String poolId;
    private final boolean keepFiles;
    private final List<String> workerJvmOptions;
    private final List<String> sharedCounters;
    private final String workerClassPath;
    private final Duration readyTimeout;
    private final Duration taskTimeout;
    private final Duration stuckTaskGrace;
    private final Duration closeTimeout;
    private final int traceHops;
    private final int maxInFlight;
    private final Duration submitTimeout;
    private final int maxTasksPerChild;
    private final Class<? extends WorkerInitializer> initializer;
    private final Class<? extends WorkerExceptionHandler> exceptionHandler;
    private final Scheduler scheduler;
    private final String serializationAllowlist;
    private final System.Logger.Level workerOutputLevel;
    private final int maxPayload;
    private final WorkerReserve workerReserve;
    private final int spareWorkers;
    private final List<Codec<?>> codecs;

    private PoolConfig(final Builder b)
    {
        this.processes = b.processes;
        this.childConcurrency = b.childConcurrency;
        this.queueCount = 0 == b.queueCount ? b.processes : b.queueCount;
        this.maxRetries = b.maxRetries;
        this.idleMode = b.idleMode;
        this.base = b.base;
        this.poolId = null != b.poolId ? b.poolId : PoolEngines.engine().newPoolId();
        this.keepFiles = b.keepFiles;
        this.workerJvmOptions = List.copyOf(b.workerJvmOptions);
        this.sharedCounters = List.copyOf(b.sharedCounters);
        this.workerClassPath = b.workerClassPath;
        this.readyTimeout = b.readyTimeout;
        this.taskTimeout = b.taskTimeout;
        this.stuckTaskGrace = b.stuckTaskGrace;
        this.closeTimeout = b.closeTimeout;
        this.traceHops = b.traceHops;
        this.maxInFlight = 0 != b.maxInFlight ? b.maxInFlight :
            (int)Math.min(MAX_IN_FLIGHT_LIMIT, Math.max(4096L, 8L * b.processes * b.childConcurrency));
        this.submitTimeout = b.submitTimeout;
        this.maxTasksPerChild = b.maxTasksPerChild;
        this.initializer = b.initializer;
        this.exceptionHandler = b.exceptionHandler;
        this.scheduler = b.scheduler;
        this.serializationAllowlist = b.serializationAllowlist;
        this.workerOutputLevel = b.workerOutputLevel;
        this.maxPayload = b.maxPayload;
        this.workerReserve = b.workerReserve;
        this.spareWorkers = b.spareWorkers;
        this.codecs = List.copyOf(b.codecs);
    }

    /** @return the users' codecs for types no built-in codec takes, in the order registered. */
    public List<Codec<?>> codecs()
    {
        return codecs;
    }

    /** @return warm worker JVMs the pool keeps for its own restarts; 0 when a restart starts a new JVM. */
    public int spareWorkers()
    {
        return spareWorkers;
    }

    /** @return where the pool takes warm worker JVMs from, or null when it starts each worker as a new JVM. */
    public WorkerReserve workerReserve()
    {
        return workerReserve;
    }

    public int processes()
    {
        return processes;
    }

    public int childConcurrency()
    {
        return childConcurrency;
    }

    public int queueCount()
    {
        return queueCount;
    }

    public int maxRetries()
    {
        return maxRetries;
    }

    public IdleMode idleMode()
    {
        return idleMode;
    }

    public Path base()
    {
        return base;
    }

    public String poolId()
    {
        return poolId;
    }

    public boolean keepFiles()
    {
        return keepFiles;
    }

    /** @return the shared counters declared on the builder, made before any worker starts. */
    public List<String> sharedCounters()
    {
        return sharedCounters;
    }

    /** @return extra JVM options of every worker. */
    public List<String> workerJvmOptions()
    {
        return workerJvmOptions;
    }

    /** @return the workers' class path, or null for this JVM's own ({@code java.class.path}). */
    public String workerClassPath()
    {
        return workerClassPath;
    }

    public Duration readyTimeout()
    {
        return readyTimeout;
    }

    /** @return the default task timeout, or null for none. */
    public Duration taskTimeout()
    {
        return taskTimeout;
    }

    /** The largest encoded argument or result of one task; it sizes the shared-memory rings (eight times as big). */
    public int maxPayload()
    {
        return maxPayload;
    }

    /** @return bytes of each ring between threads and queues: a power of two holding eight of the largest envelope. */
    public int ringCapacity()
    {
        final long needed = 8L * (maxPayload + ENVELOPE_OVERHEAD);
        return (int)Math.max(MIN_RING_CAPACITY, Long.highestOneBit(needed - 1) << 1);
    }

    /** @return tasks a worker takes before it retires and is replaced, or 0 for no limit. */
    public int maxTasksPerChild()
    {
        return maxTasksPerChild;
    }

    /** @return the ObjectInputFilter patterns Java serialization may read, or null when it is off. */
    public String serializationAllowlist()
    {
        return serializationAllowlist;
    }

    /** @return the level at which worker output reaches this JVM's logger {@code io.flotilla.worker}. */
    public System.Logger.Level workerOutputLevel()
    {
        return workerOutputLevel;
    }

    /** @return how tasks are spread over the shards. */
    public Scheduler scheduler()
    {
        return scheduler;
    }

    /** @return what runs once in each worker before its first task, or null. */
    public Class<? extends WorkerInitializer> initializer()
    {
        return initializer;
    }

    /** @return what every worker tells about the exceptions its tasks throw, or null. */
    public Class<? extends WorkerExceptionHandler> exceptionHandler()
    {
        return exceptionHandler;
    }

    /** @return how long a worker may keep a timed-out task's thread before it is killed. */
    public Duration stuckTaskGrace()
    {
        return stuckTaskGrace;
    }

    /**
     * @return how long {@link Pool#close()} waits for queued work without any result arriving before it fails what is
     * left.
     */
    public Duration closeTimeout()
    {
        return closeTimeout;
    }

    /** @return the most envelopes (tasks or chunks) sent and not yet answered; a submit beyond it waits for room. */
    public int maxInFlight()
    {
        return maxInFlight;
    }

    /** @return how long a submit waits for room under {@link #maxInFlight()} before it is refused. */
    public Duration submitTimeout()
    {
        return submitTimeout;
    }

    /** @return one task in how many carries hop stamps ({@link Pool#hopBreakdown()}); 0 when none does. */
    public int traceHops()
    {
        return traceHops;
    }

    @Override
    public String toString()
    {
        return "PoolConfig{processes=" + processes + ", childConcurrency=" + childConcurrency + ", queueCount=" +
            queueCount + ", maxRetries=" + maxRetries + ", idleMode=" + idleMode + ", base=" + base + ", poolId=" +
            poolId + ", keepFiles=" + keepFiles + ", workerJvmOptions=" + workerJvmOptions + ", workerClassPath=" + workerClassPath + ", readyTimeout=" +
            readyTimeout + ", taskTimeout=" + taskTimeout + ", stuckTaskGrace=" + stuckTaskGrace + ", closeTimeout=" + closeTimeout + ", traceHops=" + traceHops + ", maxInFlight=" + maxInFlight + ", submitTimeout=" + submitTimeout + ", maxPayload=" + maxPayload + ", maxTasksPerChild=" + maxTasksPerChild + ", initializer=" +
            (null == initializer ? null : initializer.getName()) + ", exceptionHandler=" +
            (null == exceptionHandler ? null : exceptionHandler.getName()) + ", workerReserve=" + workerReserve + ", spareWorkers=" + spareWorkers + "}";
    }

    /** Collects a {@link PoolConfig}; {@link #build()} validates it and starts the pool. */
    public static final class Builder
    {
        private int processes = Runtime.getRuntime().availableProcessors();
        private int childConcurrency = DEFAULT_CHILD_CONCURRENCY;
        private int queueCount;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private IdleMode idleMode = IdleMode.BACKOFF;
        private Path base = PoolEngines.engine().defaultBase();
        private String poolId;
        private boolean keepFiles;
        private final List<String> workerJvmOptions = new ArrayList<>();
        private final List<String> sharedCounters = new ArrayList<>();
        private String workerClassPath;
        private Duration readyTimeout = Duration.ofSeconds(30);
        private Duration taskTimeout;
        private Duration stuckTaskGrace = Duration.ofSeconds(1);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private int traceHops;
        private int maxInFlight;
        private Duration submitTimeout = Duration.ofSeconds(30);
        private int maxTasksPerChild;
        private int maxPayload = DEFAULT_MAX_PAYLOAD;
        private Class<? extends WorkerInitializer> initializer;
        private Class<? extends WorkerExceptionHandler> exceptionHandler;
        private Scheduler scheduler = Scheduler.leastLoaded();
        private String serializationAllowlist;
        private System.Logger.Level workerOutputLevel = System.Logger.Level.INFO;
        private WorkerReserve workerReserve;
        private int spareWorkers;
        private final List<Codec<?>> codecs = new ArrayList<>();

        Builder()
        {
            // fail here, naming the missing flags, rather than in the first queue with an IllegalAccessError
            PoolEngines.engine().checkJvm();
        }

        /** Worker JVMs (default: available processors). */
        public Builder processes(final int processes)
        {
            this.processes = processes;
            return this;
        }

        /** Tasks one worker runs at once (default {@value #DEFAULT_CHILD_CONCURRENCY}). */
        public Builder childConcurrency(final int childConcurrency)
        {
            this.childConcurrency = childConcurrency;
            return this;
        }

        /** Work queues (shards); workers are spread over them round-robin (default: one per worker). */
        public Builder queueCount(final int queueCount)
        {
            this.queueCount = queueCount;
            return this;
        }

        /** Re-dispatches of a task whose worker died before answering (default {@value #DEFAULT_MAX_RETRIES}). */
        public Builder maxRetries(final int maxRetries)
        {
            this.maxRetries = maxRetries;
            return this;
        }

        /** How I/O threads wait: back-off (default) or busy-spin. */
        public Builder idleMode(final IdleMode idleMode)
        {
            this.idleMode = idleMode;
            return this;
        }

        /**
         * Where the pool directory goes (default {@code /dev/shm/flotilla-<uid>}, else {@code <tmpdir>/flotilla-<uid>}):
         * created with mode 0700 if missing; an existing one must be this user's, mode 0700, not a symbolic link.
         */
        public Builder base(final Path base)
        {
            this.base = base;
            return this;
        }

        /** Name of the pool directory (default: pool-&lt;pid&gt;-&lt;16 random hex digits&gt;, not guessable). */
        public Builder poolId(final String poolId)
        {
            this.poolId = poolId;
            return this;
        }

        /** Leave the queue files after close, for replay. */
        public Builder keepFiles(final boolean keepFiles)
        {
            this.keepFiles = keepFiles;
            return this;
        }

        /** A JVM option for every worker (e.g. {@code -Xmx512m}). */
        public Builder workerJvmOption(final String option)
        {
            workerJvmOptions.add(Objects.requireNonNull(option, "workerJvmOption"));
            return this;
        }

        /**
         * The class path worker JVMs start with, when this JVM's own ({@code java.class.path}) does not hold the
         * application and Flotilla as plain jars and directories: under {@code mvn exec:java}, from a Spring Boot jar,
         * or from a launcher of its own. It must hold the task classes and Flotilla's jars with their dependencies.
         *
         * @param entries jars and directories, each of which must exist.
         */
        public Builder workerClassPath(final List<java.nio.file.Path> entries)
        {
            Objects.requireNonNull(entries, "workerClassPath");
            check(!entries.isEmpty(), "workerClassPath must name at least one jar or directory: workerClassPath=[]");
            for (final java.nio.file.Path entry : entries)
            {
                check(null != entry && java.nio.file.Files.exists(entry),
                    "workerClassPath entry does not exist: entry=" + entry);
            }
            this.workerClassPath = String.join(java.io.File.pathSeparator,
                entries.stream().map(entry -> entry.toAbsolutePath().toString()).toList());
            return this;
        }

        /** How long starting the workers may take. */
        public Builder readyTimeout(final Duration readyTimeout)
        {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /** Default timeout of each task, from its submission (default: none). */
        public Builder taskTimeout(final Duration taskTimeout)
        {
            this.taskTimeout = taskTimeout;
            return this;
        }

        /**
         * The largest encoded argument or result of one task (default {@value #DEFAULT_MAX_PAYLOAD} bytes, at most
         * {@value #MAX_PAYLOAD_LIMIT}); bigger payloads make the pool's rings bigger (eight times, rounded up to a
         * power of two), in the parent per shard and in each worker.
         */
        public Builder maxPayload(final int maxPayload)
        {
            this.maxPayload = maxPayload;
            return this;
        }

        /** Tasks a worker takes before it finishes them, exits and is replaced (default 0: no limit). */
        public Builder maxTasksPerChild(final int maxTasksPerChild)
        {
            this.maxTasksPerChild = maxTasksPerChild;
            return this;
        }

        /**
         * Turns Java serialization on, for {@link Pool#asExecutorService()} only, reading nothing but classes that match
         * these {@link java.io.ObjectInputFilter} patterns (e.g. {@code "com.example.tasks.**"}) and common JDK
         * types. Off by default. A stream deeper than 20 objects, with more than a million references, or an array or
         * stream longer than the largest payload is refused; a limit among the patterns (e.g. {@code "maxdepth=40"})
         * replaces the default.
         */
        public Builder javaSerialization(final String... allowedClassPatterns)
        {
            if (null == allowedClassPatterns || allowedClassPatterns.length == 0)
            {
                throw new IllegalArgumentException("name the classes serialization may read: allowedClassPatterns=[]");
            }
            for (final String pattern : allowedClassPatterns)
            {
                if (null == pattern || pattern.isBlank() || pattern.contains(";") || pattern.startsWith("!"))
                {
                    throw new IllegalArgumentException(
                        "one allowed class pattern per argument, no ';' or '!': pattern=" + pattern);
                }
            }
            this.serializationAllowlist = String.join(";", allowedClassPatterns);
            return this;
        }

        /**
         * Adds a codec for a type no built-in codec takes (records, enums, collections, {@code java.time} and the like
         * are built in). The pool's workers make their own instance of the codec's class, so it must be public with a
         * public no-argument constructor and be on the workers' class path. Codecs are known process-wide: another
         * codec class for a type a codec already takes is refused when the pool starts.
         *
         * @throws IllegalArgumentException naming the codec when workers could not make it.
         */
        public Builder codec(final Codec<?> codec)
        {
            checkCodec(codec);
            codecs.add(codec);
            return this;
        }

        private static void checkCodec(final Codec<?> codec)
        {
            check(null != codec, "codec must not be null: codec=null");
            final Class<?> type = codec.type();
            check(null != type && !type.isPrimitive() && !type.isArray(), "codec type must be a class: codec=" +
                codec.getClass().getName() + ", type=" + type);
            boolean makeable;
            try
            {
                makeable = java.lang.reflect.Modifier.isPublic(codec.getClass().getModifiers()) &&
                    java.lang.reflect.Modifier.isPublic(codec.getClass().getConstructor().getModifiers());
            }
            catch (final NoSuchMethodException ex)
            {
                makeable = false;
            }
            check(makeable, "a codec needs to be a public class with a public no-argument constructor (workers make " +
                "their own): codec=" + codec.getClass().getName());
        }

        /**
         * Level at which each line a worker prints reaches logger {@code io.flotilla.worker} in this JVM (default
         * INFO); {@code OFF} keeps it in the worker's log file in the pool directory only.
         */
        public Builder workerOutputLevel(final System.Logger.Level workerOutputLevel)
        {
            this.workerOutputLevel = workerOutputLevel;
            return this;
        }

        /** How tasks are spread over the shards (default: {@link Scheduler#leastLoaded()}). */
        public Builder scheduler(final Scheduler scheduler)
        {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * Declares a shared counter, made with the pool's files before any worker starts: a worker's initializer can
         * use it ({@code WorkerContext.sharedCounter(name)}), which it cannot do with one the parent makes after
         * {@code build()} with {@link Pool#sharedCounter(String)} (that returns this one too). A name longer than
         * the counters file holds fails {@code build()}, naming it.
         */
        public Builder sharedCounter(final String name)
        {
            check(null != name && !name.isEmpty(), "sharedCounter name must not be empty: name=" + name);
            sharedCounters.add(name);
            return this;
        }

        /** Runs once in each worker JVM before its first task. */
        public Builder initializer(final Class<? extends WorkerInitializer> initializer)
        {
            this.initializer = initializer;
            return this;
        }

        /**
         * Sets what every worker tells about each exception a task throws, in the worker, before it goes back to
         * the parent (a public class with a public no-argument constructor, on the workers' class path).
         */
        public Builder exceptionHandler(final Class<? extends WorkerExceptionHandler> exceptionHandler)
        {
            this.exceptionHandler = exceptionHandler;
            return this;
        }

        /**
         * Takes the pool's workers, and the replacements of dead or retired ones, from warm JVMs waiting in this
         * reserve while it has any (default: none, every worker is a new JVM). The reserve must have been started
         * for workers of the same JVM settings; {@link #build()} refuses one that was not.
         */
        public Builder workerReserve(final WorkerReserve workerReserve)
        {
            this.workerReserve = workerReserve;
            return this;
        }

        /**
         * Warm worker JVMs the pool keeps beside its workers (default 0): a worker that dies, hangs or retires after
         * {@link #maxTasksPerChild} is replaced by one in milliseconds instead of a JVM start, and a new spare starts
         * in the background. The spares start once the pool is ready, cost what an idle worker costs, and stop with
         * the pool. For pools built on demand, see {@link #workerReserve}; a pool has one or the other.
         */
        public Builder spareWorkers(final int spareWorkers)
        {
            this.spareWorkers = spareWorkers;
            return this;
        }

        /** How long a worker may keep the thread of a timed-out task before it is killed and replaced (default 1 s). */
        public Builder stuckTaskGrace(final Duration stuckTaskGrace)
        {
            this.stuckTaskGrace = stuckTaskGrace;
            return this;
        }

        /**
         * How long {@link Pool#close()} waits for queued work while no result arrives (default 30 s): a pool whose
         * workers keep answering is never cut short, one that stalls fails what is left with a
         * {@link TaskFailedException} instead of hanging. Raise it for single tasks that run longer.
         */
        public Builder closeTimeout(final Duration closeTimeout)
        {
            this.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * The most envelopes (a task, or a chunk of a map) sent and not yet answered (default: 8 times processes times
         * childConcurrency, at least 4,096). A {@code submit} beyond it waits, interruptibly, for room, at most
         * {@link #submitTimeout}; {@link Pool#trySubmit} does not wait. It bounds the parent's memory and the queue
         * files a burst can fill when the workers are slower than the submitters.
         */
        public Builder maxInFlight(final int maxInFlight)
        {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * How long a submit waits for room under {@link #maxInFlight} (default 30 s); then it throws a
         * {@link java.util.concurrent.RejectedExecutionException} naming the limit.
         */
        public Builder submitTimeout(final Duration submitTimeout)
        {
            this.submitTimeout = submitTimeout;
            return this;
        }

        /**
         * Samples one task in {@code sampleEvery} for {@link Pool#hopBreakdown()} (default 0: none). A sampled task's
         * envelopes carry a trailer of monotonic stamps, one per hop; it costs a few clock reads per sampled task.
         */
        public Builder traceHops(final int sampleEvery)
        {
            this.traceHops = sampleEvery;
            return this;
        }

        /**
         * @return the validated configuration, without starting anything.
         * @throws IllegalArgumentException naming the field and its value.
         */
        public PoolConfig config()
        {
            check(processes >= 1 && processes <= 1024, "processes must be 1..1024: processes=" + processes);
            check(childConcurrency >= 1 && childConcurrency <= 4096,
                "childConcurrency must be 1..4096: childConcurrency=" + childConcurrency);
            check(queueCount >= 0 && queueCount <= 1024, "queueCount must be 1..1024: queueCount=" + queueCount);
            check(0 == queueCount || queueCount <= processes,
                "queueCount must not exceed processes, or a shard has no worker: queueCount=" + queueCount +
                ", processes=" + processes);
            check(maxRetries >= 0 && maxRetries <= 100, "maxRetries must be 0..100: maxRetries=" + maxRetries);
            check(null != idleMode, "idleMode must be set: idleMode=null");
            check(null != base, "base must be set: base=null");
            check(null == poolId || poolId.matches("[A-Za-z0-9._-]{1,128}") && !poolId.startsWith("."),
                "poolId must be 1-128 of [A-Za-z0-9._-], not starting with '.': poolId=" + poolId);
            check(null != readyTimeout && !readyTimeout.isNegative() && !readyTimeout.isZero(),
                "readyTimeout must be positive: readyTimeout=" + readyTimeout);
            check(null == taskTimeout || !taskTimeout.isNegative() && !taskTimeout.isZero(),
                "taskTimeout must be positive or unset: taskTimeout=" + taskTimeout);
            check(null != stuckTaskGrace && !stuckTaskGrace.isNegative(),
                "stuckTaskGrace must not be negative: stuckTaskGrace=" + stuckTaskGrace);
            check(null != closeTimeout && !closeTimeout.isNegative() && !closeTimeout.isZero(),
                "closeTimeout must be positive: closeTimeout=" + closeTimeout);
            check(traceHops >= 0, "traceHops must not be negative: traceHops=" + traceHops);
            check(0 == maxInFlight || maxInFlight >= 1 && maxInFlight <= MAX_IN_FLIGHT_LIMIT,
                "maxInFlight must be 1.." + MAX_IN_FLIGHT_LIMIT + ": maxInFlight=" + maxInFlight);
            check(null != submitTimeout && !submitTimeout.isNegative(),
                "submitTimeout must not be negative: submitTimeout=" + submitTimeout);
            check(null != scheduler, "scheduler must be set: scheduler=null");
            check(null != workerOutputLevel, "workerOutputLevel must be set: workerOutputLevel=null");
            check(maxPayload >= 64 && maxPayload <= MAX_PAYLOAD_LIMIT,
                "maxPayload must be 64.." + MAX_PAYLOAD_LIMIT + " bytes: maxPayload=" + maxPayload);
            check(maxTasksPerChild >= 0, "maxTasksPerChild must not be negative: maxTasksPerChild=" + maxTasksPerChild);
            check(null == initializer || java.lang.reflect.Modifier.isPublic(initializer.getModifiers()) &&
                !java.lang.reflect.Modifier.isAbstract(initializer.getModifiers()),
                "initializer must be a public concrete class: initializer=" +
                (null == initializer ? null : initializer.getName()));
            check(null == exceptionHandler ||
                java.lang.reflect.Modifier.isPublic(exceptionHandler.getModifiers()) &&
                !java.lang.reflect.Modifier.isAbstract(exceptionHandler.getModifiers()),
                "exceptionHandler must be a public concrete class: exceptionHandler=" +
                (null == exceptionHandler ? null : exceptionHandler.getName()));
            check(spareWorkers >= 0 && spareWorkers <= WorkerReserve.MAX_SPARES,
                "spareWorkers must be 0.." + WorkerReserve.MAX_SPARES + ": spareWorkers=" + spareWorkers);
            check(0 == spareWorkers || null == workerReserve,
                "spareWorkers and workerReserve exclude each other (a pool takes its spares from one place): " +
                "spareWorkers=" + spareWorkers + ", workerReserve=" + workerReserve);
            final PoolConfig config = new PoolConfig(this);
            check(null == workerReserve || workerReserve.fits(config),
                "workerReserve was started for workers of other JVM settings (java, class path, worker JVM options, " +
                "flotilla.* properties or serialization allowlist): workerReserve=" + workerReserve);
            return config;
        }

        /**
         * Validates the configuration, starts the workers and waits until they are ready.
         *
         * @return the running pool.
         */
        public Pool build()
        {
            return PoolEngines.engine().start(config());
        }

        private static void check(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** @return a new builder; {@link Pool#builder()} is the usual way in. */
    static Builder newBuilder()
    {
        return new Builder();
    }
}
