package io.flotilla.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Reads a serializable lambda's {@link SerializedLambda} the way Java serialization does, through the synthetic
 * {@code writeReplace} its class has, without serializing anything.
 */
final class SerializedLambdas
{
    private SerializedLambdas()
    {
    }

    /**
     * @return the lambda class's {@code writeReplace}, made callable.
     * @throws IllegalArgumentException naming the class when it is no serializable lambda or method reference, or
     *                                  its {@code writeReplace} cannot be reached.
     */
    static MethodHandle writeReplace(final Class<?> lambdaClass)
    {
        final String hint = " (pass a method reference or a lambda, or the Class of a named Task)";
        final Method method;
        try
        {
            method = lambdaClass.getDeclaredMethod("writeReplace");
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalArgumentException("function is no serializable lambda or method reference: function=" +
                lambdaClass.getName() + hint);
        }
        if (SerializedLambda.class != method.getReturnType() && Object.class != method.getReturnType())
        {
            throw new IllegalArgumentException("function is no serializable lambda or method reference: function=" +
                lambdaClass.getName() + ", writeReplace=" + method.getReturnType().getName() + hint);
        }
        try
        {
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method).asType(MethodType.methodType(Object.class, Object.class));
        }
        catch (final IllegalAccessException | RuntimeException ex)
        {
            throw new IllegalArgumentException("cannot read the lambda's shape: function=" + lambdaClass.getName() +
                ", problem=" + ex + " (open the lambda's package to Flotilla)", ex);
        }
    }

    /**
     * @throws IllegalArgumentException naming the class when {@code writeReplace} gives no {@code SerializedLambda}.
     */
    static SerializedLambda read(final Object function, final MethodHandle writeReplace)
    {
        final Object replaced;
        try
        {
            replaced = writeReplace.invokeExact(function);
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalArgumentException("cannot read the lambda's shape: function=" +
                function.getClass().getName() + ", problem=" + ex, ex);
        }
        if (replaced instanceof SerializedLambda lambda)
        {
            return lambda;
        }
        throw new IllegalArgumentException("function is no serializable lambda or method reference: function=" +
            function.getClass().getName() + ", writeReplace=" + (null == replaced ? "null" :
            replaced.getClass().getName()) + " (pass a method reference or a lambda, or the Class of a named Task)");
    }
}
