package io.flotilla.worker;

import io.flotilla.AsyncTask;
import io.flotilla.Task;

import java.util.Arrays;
import java.util.concurrent.CompletionStage;

/**
 * The worker's function for a lambda that captured values: each task's argument is the tuple
 * {@code [captured..., argument]}, and the lambda is remade around the captured values ({@link LambdaRecipe#make})
 * before it is called with the argument.
 */
final class CapturingTask
{
    private CapturingTask()
    {
    }

    /** @return a {@link Task} or an {@link AsyncTask}, as the recipe's lambda is. */
    static Object of(final LambdaRecipe recipe)
    {
        return recipe.isAsync() ? new Async(recipe) : new Sync(recipe);
    }

    /** Splits a task's tuple and remakes the lambda around its captured part. */
    private static Object lambda(final LambdaRecipe recipe, final Object argument)
    {
        final int captured = recipe.capturedCount();
        if (!(argument instanceof Object[] tuple) || tuple.length != captured + 1)
        {
            throw new IllegalStateException("task of a capturing lambda carries no tuple of its captured values: " +
                "captured=" + captured + ", argument=" + (null == argument ? "null" : argument.getClass().getName()));
        }
        return recipe.make(Arrays.copyOf(tuple, captured));
    }

    private static Object argumentOf(final Object tuple)
    {
        final Object[] values = (Object[])tuple;
        return values[values.length - 1];
    }

    /** A capturing {@code TaskFunction}. */
    private record Sync(LambdaRecipe recipe) implements Task<Object, Object>
    {
        @Override
        @SuppressWarnings("unchecked")
        public Object apply(final Object argument) throws Exception
        {
            return ((Task<Object, Object>)lambda(recipe, argument)).apply(argumentOf(argument));
        }
    }

    /** A capturing {@code AsyncTaskFunction}. */
    private record Async(LambdaRecipe recipe) implements AsyncTask<Object, Object>
    {
        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<Object> apply(final Object argument) throws Exception
        {
            return ((AsyncTask<Object, Object>)lambda(recipe, argument)).apply(argumentOf(argument));
        }
    }
}
