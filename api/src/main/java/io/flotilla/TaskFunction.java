package io.flotilla;

import java.io.Serializable;

/**
 * A {@link Task} written as a method reference or a lambda: {@code pool.submit(Prices::reprice, quote)},
 * {@code pool.map(x -> x * scale, items)}. Its shape (the class that wrote it, the method it runs) crosses to the
 * workers once per pool, and each task then carries a small id and the values the lambda captured, written by the
 * pool's codecs like any argument: Java serialization is not used.
 * <p>
 * The class that wrote the lambda, and the class of the method it names, must be on the workers' class path; each
 * captured value must be of a type a codec takes (a bound receiver such as {@code quote::reprice} is one). A lambda
 * that breaks a rule is refused at submit, naming what is wrong. Lambdas that capture nothing are made once per
 * worker and called from many virtual threads at once; one that captures values is remade in the worker for each
 * task, around the values it carries.
 *
 * @param <A> argument type.
 * @param <R> result type.
 */
@FunctionalInterface
public interface TaskFunction<A, R> extends Task<A, R>, Serializable
{
}
