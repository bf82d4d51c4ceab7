package io.flotilla.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Fails a test that leaves behind a live child process of this JVM, a live thread named {@code flotilla*}, a mapped
 * pool file, or a pool directory under the default base whose parent is this JVM or one of its children (see
 * {@link PoolFiles}). It records what there is before each test (and before each class) and compares after it,
 * waiting up to {@link #SETTLE} for what ends on its own (a worker's exit, a pump thread's end). Mappings are released
 * by the garbage collector: a pool that maps files after the class (after each test with {@link #STRICT_MAPPINGS})
 * and not before gets one collection, and is then reported on standard error (failed with {@link #STRICT_MAPPINGS});
 * one collection a class, not a test, keeps the suite's time.
 * <p>
 * Registered for every test by {@code META-INF/services/org.junit.jupiter.api.extension.Extension} when a module's
 * {@code junit-platform.properties} sets {@code junit.jupiter.extensions.autodetection.enabled=true}; a class whose
 * tests share state that outlives one test checks once per class instead ({@link CheckLeaksPerClass}).
 */
public final class NoLeaks implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback
{
    /** How long things that end asynchronously get to end. */
    public static final Duration SETTLE = Duration.ofSeconds(10);
    /** What takes this long to end after a test is named on standard error. */
    static final long SLOW_SETTLE_MS = 200;
    /** How long the cleaner gets to unmap what a garbage collection freed. */
    public static final Duration MAPPING_SETTLE = Duration.ofMillis(200);
    /**
     * Whether a mapping still there after a collection fails the test ({@code -Dflotilla.testkit.strictMappings=true})
     * or is only reported on standard error, the default: the last closed pool stays reachable for a while, so its
     * counters mapping outlives the test that closed it (see the README's Reliability section).
     */
    public static final boolean STRICT_MAPPINGS = Boolean.getBoolean("flotilla.testkit.strictMappings");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoLeaks.class);
    private static final String BEFORE = "before";
    /** Every pid this JVM had as a descendant: a pool directory a child made counts as this JVM's after it died. */
    private static final Set<Long> KNOWN_PIDS = ConcurrentHashMap.newKeySet();

    private final PoolFiles files = PoolFiles.defaults();

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        record(context);
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        check(context, "class=" + context.getRequiredTestClass().getName(), true);
    }

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        if (!perClass(context))
        {
            record(context);
        }
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        if (!perClass(context))
        {
            check(context, "test=" + context.getRequiredTestClass().getSimpleName() + "." +
                context.getRequiredTestMethod().getName(), STRICT_MAPPINGS);
        }
    }

    private static boolean perClass(final ExtensionContext context)
    {
        return context.getRequiredTestClass().isAnnotationPresent(CheckLeaksPerClass.class);
    }

    private void record(final ExtensionContext context)
    {
        final LeakSnapshot before = LeakSnapshot.take(files, KNOWN_PIDS);
        KNOWN_PIDS.addAll(before.pids());
        context.getStore(NAMESPACE).put(BEFORE, before);
    }

    private void check(final ExtensionContext context, final String where, final boolean withMappings)
    {
        final LeakSnapshot before = context.getStore(NAMESPACE).remove(BEFORE, LeakSnapshot.class);
        if (null == before)
        {
            return;
        }
        final long start = System.nanoTime();
        LeakSnapshot now;
        List<String> leaks;
        List<String> firstSeen = null;
        while (true)
        {
            now = LeakSnapshot.take(files, KNOWN_PIDS);
            KNOWN_PIDS.addAll(now.pids());
            leaks = now.newSince(before);
            final long waitedNs = System.nanoTime() - start;
            if (leaks.isEmpty() || waitedNs >= SETTLE.toNanos())
            {
                break;
            }
            if (null == firstSeen)
            {
                firstSeen = leaks;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        final long settledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (leaks.isEmpty() && null != firstSeen && settledMs >= SLOW_SETTLE_MS)
        {
            // not a leak, but what outlives the test by this much slows the suite down: say what it was
            System.err.println("NoLeaks: ended " + settledMs + " ms after the test: " + where + ", " +
                String.join(", ", firstSeen));
        }
        final List<String> mappings = withMappings ? newMappings(before, now) : List.of();
        if (!mappings.isEmpty())
        {
            final String line = "mappings=" + mappings;
            if (STRICT_MAPPINGS)
            {
                leaks.add(line);
            }
            else
            {
                System.err.println("NoLeaks: still mapped after a garbage collection: " + where + ", " + line);
            }
        }
        if (!leaks.isEmpty())
        {
            throw new AssertionError("leaked: " + where + ", " + String.join(", ", leaks) + ", waitedMs=" +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /**
     * A closed pool's counters mapping goes when the garbage collector takes its buffer: new mappings get one
     * collection and {@link #MAPPING_SETTLE} for the cleaner to unmap.
     */
    private List<String> newMappings(final LeakSnapshot before, final LeakSnapshot after)
    {
        List<String> mappings = after.newMappings(before);
        if (mappings.isEmpty())
        {
            return mappings;
        }
        System.gc();
        final long start = System.nanoTime();
        while (!mappings.isEmpty() && System.nanoTime() - start < MAPPING_SETTLE.toNanos())
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            mappings = LeakSnapshot.take(files, KNOWN_PIDS).newMappings(before);
        }
        return mappings;
    }

    /** @return the bases whose pool directories are checked, for tests of the kit. */
    public static List<Path> bases()
    {
        return PoolFiles.defaults().bases();
    }
}
