package io.flotilla.protocol;

import io.flotilla.IdleMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerSettingsTest
{
    @TempDir
    Path dir;

    @Test
    void roundTripsThroughThePoolDirectory()
    {
        final WorkerSettings settings = new WorkerSettings(64, IdleMode.BUSY_SPIN, 1_000, "com.example.Init", 1 << 21);
        settings.writeTo(dir);
        assertEquals(settings, WorkerSettings.readFrom(dir));
        assertFalse(Files.exists(dir.resolve(WorkerSettings.FILE + ".tmp")), "no temporary file left");

        final WorkerSettings plain = new WorkerSettings(1, IdleMode.BACKOFF, 0, null, 1 << 20);
        plain.writeTo(dir);
        assertEquals(plain, WorkerSettings.readFrom(dir));
    }

    @Test
    void outOfRangeValuesAreNamed()
    {
        final IllegalArgumentException concurrency = assertThrows(IllegalArgumentException.class,
            () -> new WorkerSettings(0, IdleMode.BACKOFF, 0, null, 1 << 20));
        assertTrue(concurrency.getMessage().contains("key=childConcurrency, value=0"), concurrency.getMessage());
        final IllegalArgumentException ring = assertThrows(IllegalArgumentException.class,
            () -> new WorkerSettings(1, IdleMode.BACKOFF, 0, null, 1000));
        assertTrue(ring.getMessage().contains("key=ringCapacity, value=1000"), ring.getMessage());
    }

    @Test
    void aMissingOrDamagedFileIsNamed() throws Exception
    {
        final IpcException missing = assertThrows(IpcException.class, () -> WorkerSettings.readFrom(dir));
        assertTrue(missing.getMessage().contains("file=" + dir.resolve(WorkerSettings.FILE)), missing.getMessage());

        Files.writeString(dir.resolve(WorkerSettings.FILE), "childConcurrency=8\nidleMode=BACKOFF\n");
        final IpcException partial = assertThrows(IpcException.class, () -> WorkerSettings.readFrom(dir));
        assertTrue(partial.getMessage().contains("key=maxTasksPerChild"), partial.getMessage());

        Files.writeString(dir.resolve(WorkerSettings.FILE),
            "childConcurrency=lots\nidleMode=BACKOFF\nmaxTasksPerChild=0\nringCapacity=1048576\n");
        final IpcException garbage = assertThrows(IpcException.class, () -> WorkerSettings.readFrom(dir));
        assertTrue(garbage.getMessage().contains("bad worker settings") && garbage.getMessage().contains("lots"),
            garbage.getMessage());
    }
}
