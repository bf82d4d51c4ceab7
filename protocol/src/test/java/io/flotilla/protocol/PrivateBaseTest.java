package io.flotilla.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The base directory and the directories under it are this user's alone: one another user made, a symbolic link, or
 * one that lets group or others in is refused, with a message naming path, owner and mode; each user has a default
 * base of their own.
 */
class PrivateBaseTest
{
    @Test
    @Timeout(120)
    void aBaseAnotherUserMadeIsRefusedNamingOwnerAndMode(@TempDir final Path tmp) throws Exception
    {
        OtherUser.assumeAvailable();
        final Path shared = sharedDirectory(tmp);
        final Path privateLooking = shared.resolve("base-700");
        final Path open = shared.resolve("base-777");
        final Path link = shared.resolve("base-link");
        final Path victims = PrivatePaths.ensureDirectory(tmp.resolve("victims-own"));
        OtherUser.run(tmp.resolve("attacker.log"), "sh", "-c",
            "mkdir -m 700 " + privateLooking + " && mkdir -m 777 " + open + " && ln -s " + victims + " " + link);

        final IpcException owned = assertThrows(IpcException.class, () -> PoolDirectory.create(privateLooking, "p", 1, false));
        assertTrue(owned.getMessage().contains("path=" + privateLooking) && owned.getMessage().contains("uid=" + OtherUser.UID) &&
            owned.getMessage().contains("owner=nobody") && owned.getMessage().contains("mode=0700") &&
            owned.getMessage().contains("owned by another user") && owned.getMessage().contains("rm -r " + privateLooking),
            owned.getMessage());
        assertEquals(0, entries(privateLooking), "nothing written into it");

        final IpcException permissive = assertThrows(IpcException.class, () -> PoolDirectory.create(open, "p", 1, false));
        assertTrue(permissive.getMessage().contains("uid=" + OtherUser.UID) && permissive.getMessage().contains("mode=0777"),
            permissive.getMessage());
        assertEquals(0, entries(open), "nothing written into it");

        // the link points at a directory of this user with mode 0700: following it would pass every check
        final IpcException linked = assertThrows(IpcException.class, () -> PoolDirectory.create(link, "p", 1, false));
        assertTrue(linked.getMessage().contains("path=" + link) && linked.getMessage().contains("symbolic link") &&
            linked.getMessage().contains("target=" + victims), linked.getMessage());
        assertEquals(0, entries(victims), "nothing written through the link");
    }

    @Test
    void aBaseThatIsASymbolicLinkIsRefused(@TempDir final Path tmp) throws Exception
    {
        final Path real = PrivatePaths.ensureDirectory(tmp.resolve("real"));
        final Path link = Files.createSymbolicLink(tmp.resolve("base"), real);

        final IpcException refused = assertThrows(IpcException.class, () -> PoolDirectory.create(link, "p", 1, false));
        assertTrue(refused.getMessage().contains("path=" + link) && refused.getMessage().contains("is a symbolic link") &&
            refused.getMessage().contains("target=" + real), refused.getMessage());
        assertEquals(0, entries(real));
        assertThrows(IpcException.class, () -> PrivatePaths.ensureDirectory(link));
    }

    @Test
    void aBaseOpenToGroupOrOthersIsRefused(@TempDir final Path tmp) throws Exception
    {
        for (final String mode : new String[] {"rwxrwxrwx", "rwxr-xr-x", "rwx-----x"})
        {
            final Path base = Files.createDirectory(tmp.resolve("base-" + mode));
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString(mode));
            final String octal = String.format("%04o", Integer.parseInt(Files.getAttribute(base, "unix:mode").toString()) & 0777);

            final IpcException refused = assertThrows(IpcException.class, () -> PoolDirectory.create(base, "p", 1, false));
            assertTrue(refused.getMessage().contains("path=" + base) && refused.getMessage().contains("mode=" + octal) &&
                refused.getMessage().contains("uid=" + CurrentUser.uid()) && refused.getMessage().contains("chmod 700 " + base),
                refused.getMessage());
            assertEquals(0, entries(base));
        }
    }

    @Test
    void aMissingBaseIsCreatedPrivateWithItsMissingParents(@TempDir final Path tmp) throws Exception
    {
        final Path base = tmp.resolve("a").resolve("b").resolve("base");
        try (PoolDirectory pool = PoolDirectory.create(base, "p", 1, false))
        {
            for (final Path dir : new Path[] {tmp.resolve("a"), tmp.resolve("a").resolve("b"), base, pool.path()})
            {
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
            }
            PrivatePaths.checkDirectory(base);
        }
    }

    @Test
    void poolAndQueueDirectoriesAreCheckedWhenOpened(@TempDir final Path base) throws Exception
    {
        try (PoolDirectory pool = PoolDirectory.create(base, "p", 1, false))
        {
            Files.setPosixFilePermissions(pool.path(), PosixFilePermissions.fromString("rwxr-xr-x"));
            final IpcException worker = assertThrows(IpcException.class, () -> PoolDirectory.open(pool.path()));
            assertTrue(worker.getMessage().contains("mode=0755"), worker.getMessage());
            assertEquals(1, PoolDirectory.openForReading(pool.path()).shardCount(), "a tool reads any pool directory");
            Files.setPosixFilePermissions(pool.path(), PosixFilePermissions.fromString("rwx------"));

            final Path elsewhere = PrivatePaths.ensureDirectory(base.resolve("elsewhere"));
            Files.createSymbolicLink(pool.resultsQueue(), elsewhere);
            final IpcException queue = assertThrows(IpcException.class, () -> ChronicleQueues.open(pool.resultsQueue()));
            assertTrue(queue.getMessage().contains("path=" + pool.resultsQueue()) &&
                queue.getMessage().contains("symbolic link"), queue.getMessage());
            assertEquals(0, entries(elsewhere));

            final Path link = Files.createSymbolicLink(base.resolve("link"), pool.path());
            final IpcException tool = assertThrows(IpcException.class, () -> PoolDirectory.openForReading(link));
            assertTrue(tool.getMessage().contains("symbolic link"), tool.getMessage());
        }
        assertFalse(Files.exists(base.resolve("p"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(base.resolve("elsewhere")), "the link's target stays");
    }

    @Test
    @Timeout(120)
    void anotherUserHasADefaultBaseOfTheirOwn(@TempDir final Path tmp) throws Exception
    {
        OtherUser.assumeAvailable();
        final Path ours = PoolDirectory.defaultBase();
        assertTrue(ours.getFileName().toString().equals("flotilla-" + CurrentUser.uid()), ours.toString());
        final Path theirs = ours.resolveSibling("flotilla-" + OtherUser.UID);
        final boolean theirsExisted = Files.exists(theirs, LinkOption.NOFOLLOW_LINKS);
        PrivatePaths.ensureDirectory(ours);
        try
        {
            // directories only: the other user cannot read this user's local repository
            final String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Files.isDirectory(Path.of(entry))).collect(Collectors.joining(File.pathSeparator));
            final String output = OtherUser.run(tmp.resolve("other.log"),
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-Xshare:auto",
                "-cp", classPath, DefaultBaseMain.class.getName());
            assertTrue(output.contains("uid=" + OtherUser.UID + ", pool=" + theirs.resolve("pool-")), output);
            assertEquals(OtherUser.UID, ((Number)Files.getAttribute(theirs, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(theirs, LinkOption.NOFOLLOW_LINKS)));
            PrivatePaths.checkDirectory(ours);
        }
        finally
        {
            if (!theirsExisted)
            {
                PoolDirectory.deleteTree(theirs);
            }
        }
    }

    /** A directory every user may write in, as {@code /dev/shm} is; the temp dir above it is made traversable. */
    private static Path sharedDirectory(final Path tmp) throws Exception
    {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        final Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        return shared;
    }

    private static long entries(final Path dir) throws Exception
    {
        try (Stream<Path> list = Files.list(dir))
        {
            return list.count();
        }
    }
}
