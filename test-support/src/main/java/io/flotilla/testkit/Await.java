package io.flotilla.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded waits for tests: poll a condition with a short back-off (1 ms growing to 20 ms) until it holds or the
 * timeout passes, then fail with the message and how long it waited. Pure JDK, so any test can use it. A condition
 * that throws ends the wait with that exception; an interrupt ends it with an {@link AssertionError} and the
 * interrupt flag set again.
 */
public final class Await
{
    /** The bound of the waits that take none: long enough for a worker JVM to start on a loaded CI machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final long FIRST_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await()
    {
    }

    /** {@link #until(BooleanSupplier, Duration, String)} within {@link #TIMEOUT}. */
    public static void until(final BooleanSupplier condition, final String message)
    {
        until(condition, TIMEOUT, () -> message);
    }

    /** {@link #until(BooleanSupplier, Duration, Supplier)} within {@link #TIMEOUT}. */
    public static void until(final BooleanSupplier condition, final Supplier<String> message)
    {
        until(condition, TIMEOUT, message);
    }

    /**
     * Waits until the condition holds.
     *
     * @throws AssertionError naming the message and the time waited when it does not hold within the timeout.
     */
    public static void until(final BooleanSupplier condition, final Duration timeout, final String message)
    {
        until(condition, timeout, () -> message);
    }

    /** {@link #until(BooleanSupplier, Duration, String)} with a message built only when the wait fails. */
    public static void until(final BooleanSupplier condition, final Duration timeout, final Supplier<String> message)
    {
        value(condition::getAsBoolean, Boolean::booleanValue, timeout, message);
    }

    /**
     * Waits until the supplier gives a value the predicate accepts, and returns that value.
     *
     * @throws AssertionError naming the message, the time waited and the last value seen when none was accepted in time.
     */
    public static <T> T value(
        final Supplier<T> supplier, final Predicate<? super T> accept, final Duration timeout, final String message)
    {
        return value(supplier, accept, timeout, () -> message);
    }

    /** {@link #value(Supplier, Predicate, Duration, String)} with a message built only when the wait fails. */
    public static <T> T value(
        final Supplier<T> supplier,
        final Predicate<? super T> accept,
        final Duration timeout,
        final Supplier<String> message)
    {
        final long start = System.nanoTime();
        final long timeoutNs = timeout.toNanos();
        long parkNs = FIRST_PARK_NS;
        while (true)
        {
            final T value = supplier.get();
            if (accept.test(value))
            {
                return value;
            }
            final long waitedNs = System.nanoTime() - start;
            if (waitedNs >= timeoutNs)
            {
                throw new AssertionError("not in time: " + message.get() + ", waitedMs=" +
                    TimeUnit.NANOSECONDS.toMillis(waitedNs) + ", timeout=" + timeout + lastValue(value));
            }
            LockSupport.parkNanos(Math.min(parkNs, timeoutNs - waitedNs));
            if (Thread.interrupted())
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + message.get() + ", waitedMs=" +
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            parkNs = Math.min(MAX_PARK_NS, parkNs * 2);
        }
    }

    /** {@link #present(Supplier, Duration, String)} within {@link #TIMEOUT}. */
    public static <T> T present(final Supplier<Optional<T>> supplier, final String message)
    {
        return present(supplier, TIMEOUT, message);
    }

    /** Waits until the supplier gives a present value, and returns it. */
    public static <T> T present(final Supplier<Optional<T>> supplier, final Duration timeout, final String message)
    {
        return value(supplier, Optional::isPresent, timeout, () -> message).orElseThrow();
    }

    private static String lastValue(final Object value)
    {
        return value instanceof Boolean || value instanceof Optional<?> ? "" : ", last=" + value;
    }
}
