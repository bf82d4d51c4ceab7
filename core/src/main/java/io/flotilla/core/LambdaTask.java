package io.flotilla.core;

import io.flotilla.protocol.LambdaShape;
import io.flotilla.protocol.codec.ValueCheck;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * One lambda class, defined: its function id, its readable name, and how a task of one of its instances carries the
 * values the instance captured. A lambda that captures nothing sends its argument as it is, with no reflection; one
 * that captures values sends them ahead of the argument, as one tuple {@code [captured..., argument]} the worker
 * takes apart ({@code worker.CapturingTask}).
 */
final class LambdaTask
{
    final int functionId;
    final String name;
    final int capturedCount;
    /** The lambda class's {@code writeReplace}, or null when it captures nothing. */
    private final MethodHandle writeReplace;

    LambdaTask(final int functionId, final LambdaShape shape, final MethodHandle writeReplace)
    {
        this.functionId = functionId;
        this.name = shape.displayName();
        this.capturedCount = shape.capturedCount();
        this.writeReplace = 0 == capturedCount ? null : writeReplace;
    }

    /**
     * @return what a task of this lambda instance carries: the argument itself, or the captured values and the
     * argument as one tuple.
     * @throws IllegalArgumentException naming the index and type of a captured value no codec takes.
     */
    Object argument(final Object function, final Object argument)
    {
        return 0 == capturedCount ? argument : tuple(captured(function), argument);
    }

    /**
     * @return what the items of a map carry: the items themselves, or one tuple per item, the instance's captured
     * values (read and checked once) ahead of the item.
     */
    Collection<?> items(final Object function, final Collection<?> items)
    {
        if (0 == capturedCount)
        {
            return items;
        }
        final Object[] captured = captured(function);
        final List<Object> tuples = new ArrayList<>(items.size());
        for (final Object item : items)
        {
            tuples.add(tuple(captured, item));
        }
        return tuples;
    }

    /** @return {@link #items} for an input read lazily: each item becomes its tuple as it is read. */
    Iterable<?> items(final Object function, final Iterable<?> items)
    {
        if (0 == capturedCount)
        {
            return items;
        }
        final Object[] captured = captured(function);
        return () ->
        {
            final Iterator<?> input = items.iterator();
            return new Iterator<Object>()
            {
                @Override
                public boolean hasNext()
                {
                    return input.hasNext();
                }

                @Override
                public Object next()
                {
                    return tuple(captured, input.next());
                }
            };
        };
    }

    private Object[] captured(final Object function)
    {
        final SerializedLambda lambda = SerializedLambdas.read(function, writeReplace);
        final Object[] captured = new Object[capturedCount];
        for (int i = 0; i < capturedCount; i++)
        {
            final Object value = lambda.getCapturedArg(i);
            final ValueCheck.Refusal refusal = ValueCheck.check(value);
            if (null != refusal)
            {
                throw new IllegalArgumentException("lambda captures a value no codec takes: function=" + name +
                    ", captured=" + i + ", type=" + value.getClass().getName() + ", problem=" + refusal +
                    " (capture a value a codec takes, or register a Codec for its type)");
            }
            captured[i] = value;
        }
        return captured;
    }

    private static Object[] tuple(final Object[] captured, final Object argument)
    {
        final Object[] tuple = Arrays.copyOf(captured, captured.length + 1);
        tuple[captured.length] = argument;
        return tuple;
    }
}
