package io.flotilla.protocol;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Default names of pool directories: {@code <prefix>-<pid>-<16 hex digits>}. The pid lets a person (and a test)
 * tell whose pool it is; the 64 bits from {@link SecureRandom} make the name impossible to guess, so nobody can
 * create it first to make a pool fail or to hand it a directory of theirs. The stale-pool sweeper reads the parent's
 * pid from the marker, never from the name.
 */
public final class PoolIds
{
    /** Random bytes in an id: 64 bits. */
    public static final int RANDOM_BYTES = 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    private PoolIds()
    {
    }

    /**
     * @param prefix letters, digits, {@code .}, {@code _} and {@code -}, e.g. {@code pool}.
     * @return a new id, {@code <prefix>-<pid>-<16 hex digits>}.
     */
    public static String newId(final String prefix)
    {
        final byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return prefix + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }
}
