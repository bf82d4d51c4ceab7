package io.flotilla.protocol;

/**
 * Test support, run as another user: creates and closes a pool in that user's default base and prints where.
 */
public final class DefaultBaseMain
{
    private DefaultBaseMain()
    {
    }

    public static void main(final String[] args)
    {
        try (PoolDirectory pool = PoolDirectory.create(PoolDirectory.defaultBase(), PoolIds.newId("pool"), 1, false))
        {
            System.out.println("uid=" + CurrentUser.uid() + ", pool=" + pool.path());
        }
    }
}
