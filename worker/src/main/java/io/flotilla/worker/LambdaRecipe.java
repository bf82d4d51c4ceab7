package io.flotilla.worker;

import io.flotilla.AsyncTask;
import io.flotilla.Task;
import io.flotilla.protocol.LambdaShape;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;

/**
 * Remakes a lambda from its {@link LambdaShape} and captured values the way Java deserialization does: a
 * {@link SerializedLambda} handed to the capturing class's own {@code $deserializeLambda$}, which checks the shape
 * against the lambdas that class wrote and links the lambda. The handle to it is found once per shape.
 */
final class LambdaRecipe
{
    private static final MethodType DESERIALIZE = MethodType.methodType(Object.class, SerializedLambda.class);

    private final LambdaShape shape;
    private final String name;
    private final Class<?> capturingClass;
    private final MethodHandle deserialize;
    private final Class<?> kind;

    private LambdaRecipe(final LambdaShape shape, final Class<?> capturingClass, final MethodHandle deserialize,
        final Class<?> kind)
    {
        this.shape = shape;
        this.name = shape.displayName();
        this.capturingClass = capturingClass;
        this.deserialize = deserialize;
        this.kind = kind;
    }

    /**
     * @return the recipe for a shape, its capturing class loaded and its {@code $deserializeLambda$} found.
     * @throws IllegalStateException naming the lambda and the problem: a class the worker cannot load, a capturing
     *                               class with no serializable lambdas, a functional interface that is no task.
     */
    static LambdaRecipe of(final LambdaShape shape, final ClassLoader loader)
    {
        final String name = shape.displayName();
        final Class<?> kind = switch (shape.functionalInterfaceClass())
        {
            case "io/flotilla/TaskFunction" -> Task.class;
            case "io/flotilla/AsyncTaskFunction" -> AsyncTask.class;
            default -> throw new IllegalStateException("lambda's functional interface is no task function: " +
                "function=" + name + ", functionalInterfaceClass=" + shape.functionalInterfaceClass());
        };
        try
        {
            final Class<?> capturing = Class.forName(shape.capturingClass().replace('/', '.'), false, loader);
            final MethodHandle deserialize = MethodHandles.privateLookupIn(capturing, MethodHandles.lookup())
                .findStatic(capturing, "$deserializeLambda$", DESERIALIZE);
            return new LambdaRecipe(shape, capturing, deserialize, kind);
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
        {
            throw new IllegalStateException("cannot remake lambda in worker: function=" + name + ", capturingClass=" +
                shape.capturingClass().replace('/', '.') + ", problem=" + ex, ex);
        }
    }

    /** @return the number of values each task carries ahead of its argument. */
    int capturedCount()
    {
        return shape.capturedCount();
    }

    /** @return whether the lambda is an {@code AsyncTask} rather than a {@code Task}. */
    boolean isAsync()
    {
        return AsyncTask.class == kind;
    }

    /**
     * @param captured the values the lambda captured, in order; the array is the lambda's own from here on.
     * @return the lambda, a {@link Task} or an {@link AsyncTask}.
     * @throws IllegalStateException naming the lambda when the capturing class does not know its shape (its class
     *                               file differs from the parent's) or the captured values do not fit it.
     */
    Object make(final Object[] captured)
    {
        final SerializedLambda serialized = new SerializedLambda(capturingClass,
            shape.functionalInterfaceClass(), shape.functionalInterfaceMethodName(),
            shape.functionalInterfaceMethodSignature(), shape.implMethodKind(), shape.implClass(),
            shape.implMethodName(), shape.implMethodSignature(), shape.instantiatedType(), captured);
        final Object lambda;
        try
        {
            lambda = deserialize.invokeExact(serialized);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("cannot remake lambda in worker: function=" + name + ", captured=" +
                captured.length + ", problem=" + ex + " (are the parent's and the workers' class files the same?)",
                ex);
        }
        if (!kind.isInstance(lambda))
        {
            throw new IllegalStateException("remade lambda is no " + kind.getSimpleName() + ": function=" + name +
                ", class=" + (null == lambda ? "null" : lambda.getClass().getName()));
        }
        return lambda;
    }
}
