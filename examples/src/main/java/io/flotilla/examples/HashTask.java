package io.flotilla.examples;

import io.flotilla.Task;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The CPU-bound work the example service offloads: SHA-256 of the request body, iterated {@value #ROUNDS} times
 * (about a millisecond here), as hex.
 */
public final class HashTask implements Task<byte[], String>
{
    /** Rounds of SHA-256. */
    public static final int ROUNDS = 2_000;

    @Override
    public String apply(final byte[] body)
    {
        return hash(body);
    }

    /** @return the same digest, computed in this JVM. */
    public static String hash(final byte[] body)
    {
        try
        {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(body);
            for (int i = 1; i < ROUNDS; i++)
            {
                digest = sha.digest(digest);
            }
            return HexFormat.of().formatHex(digest);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
    }
}
