package io.flotilla;

/**
 * Writes a lambda for {@link LambdaTaskTest}, which loads a renamed copy of this class (one the workers' class path
 * does not hold) to see such a lambda refused at submit.
 */
public final class LambdaTaskElsewhere
{
    private LambdaTaskElsewhere()
    {
    }

    /** @return a lambda this class wrote. */
    public static TaskFunction<Integer, Integer> plusOne()
    {
        return x -> x + 1;
    }
}
