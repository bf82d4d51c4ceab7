package io.flotilla;

/**
 * A class with no lambdas, for {@link LambdaTaskTest}: a renamed copy of it stands in the workers' class path for a
 * class whose lambda the parent sent, so the workers cannot remake that lambda.
 */
public final class LambdaTaskNoLambdas
{
    private LambdaTaskNoLambdas()
    {
    }

    /** @return one. */
    public static int one()
    {
        return 1;
    }
}
