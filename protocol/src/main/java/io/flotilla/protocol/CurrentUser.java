package io.flotilla.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user this process runs as, found once: the owner of {@code /proc/self} (the effective uid on Linux), else the
 * owner of a file this process creates, else unknown on a file system without POSIX owners.
 */
public final class CurrentUser
{
    /** The uid when the platform has none (not a POSIX file system). */
    public static final long UNKNOWN_UID = -1;

    private CurrentUser()
    {
    }

    /** @return the uid of this process, or {@link #UNKNOWN_UID}. */
    public static long uid()
    {
        return Holder.UID;
    }

    /** @return a name for this user that is safe in a file name: the uid, else the sanitized user name. */
    static String fileNameTag()
    {
        if (UNKNOWN_UID != uid())
        {
            return Long.toString(uid());
        }
        return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static final class Holder
    {
        static final long UID = find();
    }

    private static long find()
    {
        try
        {
            return ((Number)Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException ex)
        {
            // no procfs: a file this process creates is owned by it
        }
        try
        {
            final Path probe = Files.createTempFile("flotilla-uid-", ".probe");
            try
            {
                return ((Number)Files.getAttribute(probe, "unix:uid")).longValue();
            }
            finally
            {
                Files.deleteIfExists(probe);
            }
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException ex)
        {
            return UNKNOWN_UID;
        }
    }
}
