package io.flotilla.core;

import io.flotilla.Task;

import java.io.ObjectInputFilter;
import java.util.concurrent.Callable;

/**
 * Runs a serialized {@link Callable} in a worker for the {@code ExecutorService} view and returns its serialized
 * result. Refuses to run where the pool did not turn Java serialization on.
 */
public final class SerializedCallableTask implements Task<byte[], byte[]>
{
    private final ObjectInputFilter filter;

    public SerializedCallableTask()
    {
        final String allowlist = System.getProperty(JavaSerialization.ALLOWLIST_PROPERTY);
        this.filter = null == allowlist ? null : JavaSerialization.filter(allowlist);
    }

    @Override
    public byte[] apply(final byte[] serialized) throws Exception
    {
        if (null == filter)
        {
            throw new IllegalStateException("Java serialization is off in this pool");
        }
        final Callable<?> callable = (Callable<?>)JavaSerialization.read(serialized, filter);
        return JavaSerialization.write(callable.call());
    }
}
