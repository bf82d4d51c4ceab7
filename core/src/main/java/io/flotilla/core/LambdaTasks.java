package io.flotilla.core;

import io.flotilla.AsyncTask;
import io.flotilla.AsyncTaskFunction;
import io.flotilla.TaskFunction;
import io.flotilla.protocol.LambdaShape;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.SerializedLambda;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pool's lambdas and method references, by lambda class. The first task of a class reads its shape from its
 * {@link SerializedLambda}, checks it (a serializable lambda of the kind asked, classes the workers can load) and
 * defines it through the {@link FunctionTable}; later tasks of the class find it with one map lookup.
 */
final class LambdaTasks
{
    private final Map<Class<?>, LambdaTask> byClass = new ConcurrentHashMap<>();
    private final FunctionTable functions;
    private final WorkerClasses workerClasses;

    LambdaTasks(final FunctionTable functions, final WorkerClasses workerClasses)
    {
        this.functions = functions;
        this.workerClasses = workerClasses;
    }

    /**
     * @param function a {@link TaskFunction} or an {@link AsyncTaskFunction}.
     * @param kind     {@code Task} or {@code AsyncTask}, what the caller asked for.
     * @return the lambda's class, defined on every shard.
     * @throws IllegalArgumentException naming the lambda and what is wrong with it.
     */
    LambdaTask of(final Object function, final Class<?> kind)
    {
        final Class<?> lambdaClass = function.getClass();
        final LambdaTask known = byClass.get(lambdaClass);
        if (null != known)
        {
            return known;
        }
        synchronized (byClass)
        {
            final LambdaTask again = byClass.get(lambdaClass);
            if (null != again)
            {
                return again;
            }
            final Class<?> serializable = AsyncTask.class == kind ? AsyncTaskFunction.class : TaskFunction.class;
            if (!serializable.isInstance(function))
            {
                throw new IllegalArgumentException("function is not a " + serializable.getSimpleName() +
                    ": function=" + lambdaClass.getName());
            }
            final MethodHandle writeReplace = SerializedLambdas.writeReplace(lambdaClass);
            final LambdaShape shape = shapeOf(SerializedLambdas.read(function, writeReplace));
            checkLoadable(shape, shape.capturingClass(), "capturingClass", lambdaClass.getClassLoader());
            checkLoadable(shape, shape.implClass(), "implClass", lambdaClass.getClassLoader());
            final LambdaTask task = new LambdaTask(functions.defineLambda(shape.encode(), shape.displayName()), shape,
                writeReplace);
            byClass.put(lambdaClass, task);
            return task;
        }
    }

    private static LambdaShape shapeOf(final SerializedLambda lambda)
    {
        return new LambdaShape(lambda.getCapturingClass(), lambda.getFunctionalInterfaceClass(),
            lambda.getFunctionalInterfaceMethodName(), lambda.getFunctionalInterfaceMethodSignature(),
            lambda.getImplMethodKind(), lambda.getImplClass(), lambda.getImplMethodName(),
            lambda.getImplMethodSignature(), lambda.getInstantiatedMethodType(), lambda.getCapturedArgCount());
    }

    private void checkLoadable(
        final LambdaShape shape, final String internalName, final String role, final ClassLoader loader)
    {
        if (!workerClasses.load(internalName, loader))
        {
            throw new IllegalArgumentException("the workers cannot load the lambda's class: function=" +
                shape.displayName() + ", " + role + "=" + internalName.replace('/', '.') + ", workerClassPath=" +
                WorkerClassPath.shown(workerClasses.classPath()) +
                " (put the class on the workers' class path, see PoolConfig.Builder.workerClassPath)");
        }
    }
}
