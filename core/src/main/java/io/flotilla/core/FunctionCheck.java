package io.flotilla.core;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;

/**
 * What a function class must be for a worker to create it: the kind it claims, concrete, public, and with a public
 * no-argument constructor. Checked in the submitting JVM, so a bad function fails before anything is queued.
 */
public final class FunctionCheck
{
    private FunctionCheck()
    {
    }

    /**
     * @throws IllegalArgumentException naming the function and what is wrong with it.
     */
    public static void check(final Class<?> function, final Class<?> kind)
    {
        final String name = function.getName();
        if (!kind.isAssignableFrom(function))
        {
            throw new IllegalArgumentException("function does not implement " + kind.getSimpleName() + ": function=" +
                name);
        }
        if (function.isInterface() || Modifier.isAbstract(function.getModifiers()))
        {
            throw new IllegalArgumentException("function cannot be instantiated, it is abstract: function=" + name);
        }
        if (!Modifier.isPublic(function.getModifiers()) ||
            (null != function.getEnclosingClass() && !Modifier.isStatic(function.getModifiers())))
        {
            throw new IllegalArgumentException(
                "function must be a public top-level or public static nested class: function=" + name);
        }
        try
        {
            final Constructor<?> constructor = function.getDeclaredConstructor();
            if (!Modifier.isPublic(constructor.getModifiers()))
            {
                throw new IllegalArgumentException("function's no-argument constructor is not public: function=" + name);
            }
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalArgumentException("function has no no-argument constructor: function=" + name);
        }
    }
}
