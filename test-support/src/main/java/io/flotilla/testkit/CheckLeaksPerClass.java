package io.flotilla.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes {@link NoLeaks} check a test class once, after its {@code @AfterAll} methods, instead of after each test: for
 * classes whose tests share a pool that a test changes for the next ones (a worker killed and replaced, a spare
 * taken), so that a process or thread new after one test is the class's, not a leak.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface CheckLeaksPerClass
{
    /** @return why the class cannot be checked per test. */
    String value();
}
