package io.flotilla.protocol;

import io.flotilla.IdleMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What a pool tells its workers, in {@value #FILE} of the pool directory: written once by the parent before any
 * worker starts, read by each worker as it joins (a spare JVM too, so spares fit pools that differ in these).
 *
 * @param childConcurrency tasks a worker runs at once, at least 1.
 * @param idleMode         how the worker's I/O thread waits.
 * @param maxTasksPerChild tasks before a worker retires, or 0 for no limit.
 * @param initializer      the class name of the pool's initializer, or null for none.
 * @param ringCapacity     bytes of the worker's result ring, a power of two.
 * @param exceptionHandler the class name of the pool's worker exception handler, or null for none.
 */
public record WorkerSettings(
    int childConcurrency, IdleMode idleMode, long maxTasksPerChild, String initializer, int ringCapacity,
    String exceptionHandler)
{
    /** The file in the pool directory. */
    public static final String FILE = "worker.properties";

    private static final String CHILD_CONCURRENCY = "childConcurrency";
    private static final String IDLE_MODE = "idleMode";
    private static final String MAX_TASKS_PER_CHILD = "maxTasksPerChild";
    private static final String INITIALIZER = "initializer";
    private static final String RING_CAPACITY = "ringCapacity";
    private static final String EXCEPTION_HANDLER = "exceptionHandler";

    /** Settings without an exception handler. */
    public WorkerSettings(
        final int childConcurrency, final IdleMode idleMode, final long maxTasksPerChild, final String initializer,
        final int ringCapacity)
    {
        this(childConcurrency, idleMode, maxTasksPerChild, initializer, ringCapacity, null);
    }

    /**
     * @throws IllegalArgumentException naming the setting and its value when it is out of range.
     */
    public WorkerSettings
    {
        check(childConcurrency >= 1, CHILD_CONCURRENCY, childConcurrency);
        check(null != idleMode, IDLE_MODE, idleMode);
        check(maxTasksPerChild >= 0, MAX_TASKS_PER_CHILD, maxTasksPerChild);
        check(ringCapacity > 0 && Integer.bitCount(ringCapacity) == 1, RING_CAPACITY, ringCapacity);
        check(null == initializer || !initializer.isBlank(), INITIALIZER, initializer);
        check(null == exceptionHandler || !exceptionHandler.isBlank(), EXCEPTION_HANDLER, exceptionHandler);
    }

    /**
     * Writes the settings into the pool directory, whole or not at all (a temporary file moved into place).
     *
     * @throws IpcException naming the file when it cannot be written.
     */
    public void writeTo(final Path poolDirectory)
    {
        final Properties properties = new Properties();
        properties.setProperty(CHILD_CONCURRENCY, Integer.toString(childConcurrency));
        properties.setProperty(IDLE_MODE, idleMode.name());
        properties.setProperty(MAX_TASKS_PER_CHILD, Long.toString(maxTasksPerChild));
        if (null != initializer)
        {
            properties.setProperty(INITIALIZER, initializer);
        }
        properties.setProperty(RING_CAPACITY, Integer.toString(ringCapacity));
        if (null != exceptionHandler)
        {
            properties.setProperty(EXCEPTION_HANDLER, exceptionHandler);
        }
        final Path file = poolDirectory.resolve(FILE);
        final Path temporary = poolDirectory.resolve(FILE + ".tmp");
        try
        {
            try (OutputStream out = Files.newOutputStream(temporary))
            {
                properties.store(out, "what the pool tells its workers");
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new IpcException("cannot write the worker settings: file=" + file + ", error=" + ex, ex);
        }
    }

    /**
     * @return the settings in the pool directory.
     * @throws IpcException naming the file, the key and the value when one is missing or wrong.
     */
    public static WorkerSettings readFrom(final Path poolDirectory)
    {
        final Path file = poolDirectory.resolve(FILE);
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new IpcException("cannot read the worker settings: file=" + file + ", error=" + ex, ex);
        }
        try
        {
            return new WorkerSettings(
                Integer.parseInt(required(properties, CHILD_CONCURRENCY, file)),
                IdleMode.parse(required(properties, IDLE_MODE, file)),
                Long.parseLong(required(properties, MAX_TASKS_PER_CHILD, file)),
                properties.getProperty(INITIALIZER),
                Integer.parseInt(required(properties, RING_CAPACITY, file)),
                properties.getProperty(EXCEPTION_HANDLER));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IpcException("bad worker settings: file=" + file + ", " + ex.getMessage(), ex);
        }
    }

    private static String required(final Properties properties, final String key, final Path file)
    {
        final String value = properties.getProperty(key);
        if (null == value)
        {
            throw new IpcException("worker setting missing: file=" + file + ", key=" + key);
        }
        return value.trim();
    }

    private static void check(final boolean condition, final String key, final Object value)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("worker setting out of range: key=" + key + ", value=" + value);
        }
    }
}
