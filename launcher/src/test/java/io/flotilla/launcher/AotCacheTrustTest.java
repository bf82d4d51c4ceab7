package io.flotilla.launcher;

import io.flotilla.protocol.CurrentUser;
import io.flotilla.protocol.IpcException;
import io.flotilla.protocol.PrivatePaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A worker is given an AOT cache only when the file and its directory are this user's: a file of another user, one
 * group or others may write, a link, or a directory open to others means no cache; training refuses such a directory.
 */
class AotCacheTrustTest
{
    private static final int OTHER_UID = 65534;

    @Test
    void onlyAFileOfThisUserThatNoOneElseMayWriteIsUsed(@TempDir final Path tmp) throws Exception
    {
        assumeTrue(Runtime.version().feature() >= AotCache.MIN_JAVA_FEATURE, "AOT caches need JDK 25+");
        final LaunchConfig config = config(tmp);
        final AotCache cache = new AotCache(PrivatePaths.ensureDirectory(tmp.resolve("aot")));
        final Path file = cache.fileFor(config);
        Files.write(file, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of("-XX:AOTCache=" + file, "-Xlog:aot=off"), cache.optionsFor(config), "this user's cache");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals(List.of(), cache.optionsFor(config), "a group-writable cache is not used");
        assertTrue(cache.untrustedReason(file).contains("path=" + file) &&
            cache.untrustedReason(file).contains("mode=0664") && cache.untrustedReason(file).contains("writable by group"),
            cache.untrustedReason(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--rw-"));
        assertEquals(List.of(), cache.optionsFor(config), "an other-writable cache is not used");

        Files.delete(file);
        final Path elsewhere = Files.write(tmp.resolve("elsewhere.aot"), new byte[] {1});
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(file, elsewhere);
        assertEquals(List.of(), cache.optionsFor(config), "a link is not followed to a cache");
        Files.delete(file);

        Files.write(file, new byte[] {1});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(cache.directory(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(List.of(), cache.optionsFor(config), "a cache in a directory others may write is not used");
        assertTrue(cache.untrustedReason(file).contains("mode=0777"), cache.untrustedReason(file));
    }

    @Test
    void aFileOfAnotherUserIsNotUsed(@TempDir final Path tmp) throws Exception
    {
        assumeTrue(Runtime.version().feature() >= AotCache.MIN_JAVA_FEATURE, "AOT caches need JDK 25+");
        assumeTrue(0 == CurrentUser.uid(), "giving a file to another user needs root (CI runs as root): uid=" + CurrentUser.uid());
        final LaunchConfig config = config(tmp);
        final AotCache cache = new AotCache(PrivatePaths.ensureDirectory(tmp.resolve("aot")));
        final Path file = cache.fileFor(config);
        Files.write(file, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(2, cache.optionsFor(config).size(), "used while it is this user's");

        final UserPrincipal other = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(
            Integer.toString(OTHER_UID));
        Files.setOwner(file, other);
        assertEquals(List.of(), cache.optionsFor(config), "another user's cache is not used");
        final String reason = cache.untrustedReason(file);
        assertTrue(reason.contains("path=" + file) && reason.contains("uid=" + OTHER_UID) &&
            reason.contains("owner=nobody") && reason.contains("mode=0600") && reason.contains("owned by another user"),
            reason);

        Files.setOwner(file, Files.getOwner(tmp));
        Files.setOwner(cache.directory(), other);
        assertEquals(List.of(), cache.optionsFor(config), "a cache in another user's directory is not used");
    }

    @Test
    void trainingRefusesADirectoryOthersMayWrite(@TempDir final Path tmp) throws Exception
    {
        assumeTrue(Runtime.version().feature() >= AotCache.MIN_JAVA_FEATURE, "AOT caches need JDK 25+");
        final Path directory = Files.createDirectory(tmp.resolve("aot"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        final AotCache cache = new AotCache(directory);

        final IpcException refused = assertThrows(IpcException.class,
            () -> cache.train(config(tmp), "x.Main", Duration.ofSeconds(30)));
        assertTrue(refused.getMessage().contains("path=" + directory) && refused.getMessage().contains("mode=0777"),
            refused.getMessage());
        try (java.util.stream.Stream<Path> left = Files.list(directory))
        {
            assertEquals(0, left.count(), "nothing trained into it");
        }
    }

    /** A worker configuration whose class path is one (empty) jar: enough for a cache key. */
    private static LaunchConfig config(final Path tmp) throws Exception
    {
        final Path jar = tmp.resolve("app.jar");
        if (!Files.exists(jar))
        {
            Files.write(jar, new byte[0]);
        }
        final LaunchConfig config = LaunchConfig.builder("x.Main").classPath(jar.toString()).build();
        assertEquals(null, AotCache.unsupportedReason(config));
        return config;
    }
}
