package io.flotilla.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolDirectoryTest
{
    @Test
    void createdOwnerOnlyWithItsMarker(@TempDir final Path base) throws Exception
    {
        try (PoolDirectory dir = PoolDirectory.create(base, "p1", 3, false))
        {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path())));
            assertTrue(Files.isRegularFile(dir.path().resolve(PoolDirectory.MARKER_FILE)));
            assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.path().resolve(PoolDirectory.MARKER_FILE))));
            try (CountersFile counters = CountersFile.create(dir.countersFile(), 1, 1, 4))
            {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(counters.file())));
            }
            assertEquals(base.resolve("p1").resolve("work-2"), dir.workQueue(2));
            assertThrows(IllegalArgumentException.class, () -> dir.workQueue(3));

            final PoolDirectory opened = PoolDirectory.open(dir.path());
            assertEquals(3, opened.shardCount());
            assertTrue(opened.keepFiles(), "a worker or tool never removes the parent's files");
        }
        assertFalse(Files.exists(base.resolve("p1")), "removed on close");
    }

    @Test
    void keptFilesSurviveClose(@TempDir final Path base)
    {
        final PoolDirectory dir = PoolDirectory.create(base, "kept", 1, true);
        dir.close();
        assertTrue(Files.isDirectory(base.resolve("kept")));
        assertEquals(1, PoolDirectory.open(base.resolve("kept")).shardCount());
    }

    @Test
    void foreignDirectoryIsNamedWithItsProblem(@TempDir final Path base) throws Exception
    {
        final Path foreign = Files.createDirectories(base.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "not ours");

        final IpcException opened = assertThrows(IpcException.class, () -> PoolDirectory.open(foreign));
        assertTrue(opened.getMessage().contains("path=" + foreign), opened.getMessage());
        assertTrue(opened.getMessage().contains("no pool.properties"), opened.getMessage());

        final IpcException created = assertThrows(IpcException.class, () -> PoolDirectory.create(base, "foreign", 1, false));
        assertTrue(created.getMessage().contains("is not a Flotilla pool directory"), created.getMessage());
        assertTrue(Files.exists(foreign.resolve("notes.txt")), "a foreign directory is never touched");

        final IpcException missing = assertThrows(IpcException.class, () -> PoolDirectory.open(base.resolve("none")));
        assertTrue(missing.getMessage().contains("no such directory"), missing.getMessage());
    }

    @Test
    void corruptOrMismatchedMarkerIsNamed(@TempDir final Path base) throws Exception
    {
        final Path dir = PoolDirectory.create(base, "p", 1, true).path();
        final Path marker = dir.resolve(PoolDirectory.MARKER_FILE);
        final String good = Files.readString(marker);

        Files.writeString(marker, good.replace(PoolDirectory.VERSION_KEY + "=" + PoolDirectory.LAYOUT_VERSION, PoolDirectory.VERSION_KEY + "=99"));
        final IpcException version = assertThrows(IpcException.class, () -> PoolDirectory.open(dir));
        assertTrue(version.getMessage().contains("version mismatch") && version.getMessage().contains("found=99") &&
            version.getMessage().contains("expected=" + PoolDirectory.LAYOUT_VERSION) && version.getMessage().contains("path=" + dir),
            version.getMessage());

        Files.writeString(marker, good.replace(PoolDirectory.MAGIC_VALUE, "something-else"));
        final IpcException magic = assertThrows(IpcException.class, () -> PoolDirectory.open(dir));
        assertTrue(magic.getMessage().contains("something-else"), magic.getMessage());

        Files.writeString(marker, good.replace(PoolDirectory.SHARDS_KEY + "=1", PoolDirectory.SHARDS_KEY + "=x"));
        final IpcException shards = assertThrows(IpcException.class, () -> PoolDirectory.open(dir));
        assertTrue(shards.getMessage().contains("corrupt pool marker") && shards.getMessage().contains("=x"),
            shards.getMessage());
    }

    @Test
    void badArgumentsAreNamed(@TempDir final Path base)
    {
        final IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
            () -> PoolDirectory.create(base, "../escape", 1, false));
        assertTrue(id.getMessage().contains("poolId=../escape"), id.getMessage());
        final IllegalArgumentException shards = assertThrows(IllegalArgumentException.class,
            () -> PoolDirectory.create(base, "p", 0, false));
        assertTrue(shards.getMessage().contains("shardCount=0"), shards.getMessage());
    }
}
