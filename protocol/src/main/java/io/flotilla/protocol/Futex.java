package io.flotilla.protocol;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;

/**
 * Linux's {@code futex(2)} on a word of shared memory: a thread sleeps in the kernel until another thread, of this
 * process or of any process that maps the same file, wakes the word. Without {@code FUTEX_PRIVATE_FLAG} the kernel keys
 * the word by file and offset, so a parent and its workers meet on a word of {@code counters.dat}.
 * <p>
 * The call goes through libc's {@code syscall} with the Foreign Function and Memory API of Java 22 and later, looked up
 * by reflection so that the module still compiles and runs on Java 21 (where it is a preview API): there, and on other
 * systems, other CPUs, or a JVM that did not enable native access for this code (which would print a warning),
 * {@link #available()} is false and the callers park in time slices instead. Every argument is passed as a 64-bit
 * integer, as {@code syscall} reads them, so the handle's type has only primitives.
 * <p>
 * The calls that matter come after a lull, when a thread wakes a sleeper or wakes itself; in a busy pool they are rare,
 * so the JIT would leave them to the interpreter, where one downcall took 46-88 us after a lull against 7-24 us
 * compiled (measured on 2026-12-02). {@link #warmUpInBackground()} makes them hot once per JVM.
 */
public final class Futex
{
    private static final System.Logger LOGGER = System.getLogger(Futex.class.getName());
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    /** Length of the {@code struct timespec} a waiter passes: two longs. */
    public static final int TIMESPEC_LENGTH = 16;

    private static final long SYS_FUTEX = syscallNumber(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    private static final String UNAVAILABLE_REASON;
    private static final MethodHandle SYSCALL;

    static
    {
        MethodHandle handle = null;
        String reason = null;
        try
        {
            reason = checkUsable();
            if (null == reason)
            {
                handle = syscallHandle();
            }
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
        {
            reason = "cannot link syscall: " + ex;
        }
        SYSCALL = handle;
        UNAVAILABLE_REASON = reason;
        if (null != reason)
        {
            LOGGER.log(System.Logger.Level.DEBUG, "futex bells off, idle threads park in time slices: " + reason);
        }
    }

    /**
     * Calls of each kind a JVM makes to warm the downcalls up: enough for the JIT's top tier. Property
     * {@code flotilla.futex.warmUpCalls}, 0 to skip.
     */
    static final int WARM_UP_CALLS = Integer.getInteger("flotilla.futex.warmUpCalls", 20_000);
    private static final java.util.concurrent.atomic.AtomicBoolean WARMED = new java.util.concurrent.atomic.AtomicBoolean();

    private Futex()
    {
    }

    /**
     * Once per JVM, on a short-lived daemon thread: wakes and waits on a word of its own (a wait that returns at once,
     * the word never holding the value it names) until the JIT compiled both downcalls. Costs a few tens of
     * milliseconds of one core, while the pool starts.
     */
    public static void warmUpInBackground()
    {
        if (null == SYSCALL || WARM_UP_CALLS <= 0 || !WARMED.compareAndSet(false, true))
        {
            return;
        }
        Thread.ofPlatform().daemon().name("flotilla-futex-warm-up").start(() -> warmUp(WARM_UP_CALLS));
    }

    static void warmUp(final int calls)
    {
        final UnsafeBuffer word = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(Integer.BYTES));
        final UnsafeBuffer timespec = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(TIMESPEC_LENGTH));
        final long address = word.addressOffset();
        for (int i = 0; i < calls; i++)
        {
            wake(address, 1);
            await(address, 1, 0, timespec); // the word holds 0, not 1: the kernel returns at once
        }
    }

    /** @return whether {@link #await} and {@link #wake} call the kernel; when false they do nothing. */
    public static boolean available()
    {
        return null != SYSCALL;
    }

    /** @return why {@link #available()} is false, or null. */
    public static String unavailableReason()
    {
        return UNAVAILABLE_REASON;
    }

    /**
     * Sleeps while the int at {@code address} holds {@code expected}, until a wake, a signal, or {@code timeoutNs}.
     * Returns at once when the word holds another value (the ring came first). Spurious returns are allowed: callers
     * look again.
     *
     * @param timespec {@link #TIMESPEC_LENGTH} bytes of native memory the caller owns (one per waiting thread), for
     *                 the kernel's {@code struct timespec}.
     */
    public static void await(final long address, final int expected, final long timeoutNs, final UnsafeBuffer timespec)
    {
        if (null == SYSCALL)
        {
            return;
        }
        final long nanos = Math.max(0, timeoutNs);
        timespec.putLong(0, nanos / 1_000_000_000L);
        timespec.putLong(8, nanos % 1_000_000_000L);
        try
        {
            final long ignored = (long)SYSCALL.invokeExact(SYS_FUTEX, address, (long)FUTEX_WAIT, (long)expected,
                timespec.addressOffset(), 0L, 0L);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex wait failed: address=" + address, ex);
        }
    }

    /** Wakes up to {@code count} threads sleeping on the int at {@code address}, in any process. */
    public static void wake(final long address, final int count)
    {
        if (null == SYSCALL)
        {
            return;
        }
        try
        {
            final long ignored = (long)SYSCALL.invokeExact(SYS_FUTEX, address, (long)FUTEX_WAKE, (long)count, 0L, 0L, 0L);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex wake failed: address=" + address, ex);
        }
    }

    static long syscallNumber(final String osName, final String osArch)
    {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux"))
        {
            return -1;
        }
        return switch (osArch)
        {
            case "amd64", "x86_64" -> 202;
            case "aarch64" -> 98;
            case "riscv64" -> 98;
            default -> -1;
        };
    }

    private static String checkUsable() throws ReflectiveOperationException
    {
        if (Boolean.getBoolean("flotilla.futex.off"))
        {
            return "switched off with -Dflotilla.futex.off=true";
        }
        if (SYS_FUTEX < 0)
        {
            return "no futex syscall known for os.name=" + System.getProperty("os.name") + ", os.arch=" +
                System.getProperty("os.arch");
        }
        if (Runtime.version().feature() < 22)
        {
            return "the foreign function API needs Java 22 or later: java.version=" + System.getProperty("java.version");
        }
        final Method enabled = Module.class.getMethod("isNativeAccessEnabled");
        if (!(Boolean)enabled.invoke(Futex.class.getModule()))
        {
            return "native access is not enabled for " + Futex.class.getModule() +
                " (pass --enable-native-access=ALL-UNNAMED, as jvm.flags does)";
        }
        return null;
    }

    private static MethodHandle syscallHandle() throws ReflectiveOperationException
    {
        final Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
        final Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
        final Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
        final Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
        final Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
        final Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
        final Class<?> valueLayoutClass = Class.forName("java.lang.foreign.ValueLayout");

        final Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
        final Object lookup = linkerClass.getMethod("defaultLookup").invoke(linker);
        final Optional<?> symbol = (Optional<?>)lookupClass.getMethod("find", String.class).invoke(lookup, "syscall");
        if (symbol.isEmpty())
        {
            throw new IllegalStateException("libc has no syscall symbol");
        }
        final Object javaLong = valueLayoutClass.getField("JAVA_LONG").get(null);
        final Object arguments = Array.newInstance(layoutClass, 7);
        for (int i = 0; i < 7; i++)
        {
            Array.set(arguments, i, javaLong);
        }
        final Object descriptor = descriptorClass.getMethod("of", layoutClass, arguments.getClass())
            .invoke(null, javaLong, arguments);
        final Object options = Array.newInstance(optionClass, 1);
        Array.set(options, 0, optionClass.getMethod("firstVariadicArg", int.class).invoke(null, 1));
        return (MethodHandle)linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass, options.getClass())
            .invoke(linker, symbol.get(), descriptor, options);
    }
}
