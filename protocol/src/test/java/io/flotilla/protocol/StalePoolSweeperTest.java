package io.flotilla.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import io.flotilla.testkit.Await;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool directory whose parent died without closing it is removed when the next pool is created in the same base;
 * kept pools, live parents' pools and foreign directories stay.
 */
class StalePoolSweeperTest
{
    @Test
    @Timeout(60)
    void onlyUnkeptPoolsOfDeadParentsAreRemoved(@TempDir final Path base) throws Exception
    {
        final long deadPid = deadProcessPid();
        final Path stale = pool(base, "stale", deadPid, false);
        final Path kept = pool(base, "kept", deadPid, true);
        final Path live = pool(base, "live", ProcessHandle.current().pid(), false);
        final Path older = pool(base, "older-layout", deadPid, null);
        final Path foreign = Files.createDirectories(base.resolve("not-a-pool"));
        Files.writeString(foreign.resolve("pool.properties"), "something=else\nflotilla.keep=false\n");

        try (PoolDirectory created = PoolDirectory.create(base, "new", 1, false))
        {
            assertFalse(Files.exists(stale), "the dead parent's pool is gone");
            assertTrue(Files.exists(kept.resolve("pool.properties")), "a kept pool stays for replay");
            assertTrue(Files.exists(live.resolve("pool.properties")), "a live parent's pool stays");
            assertTrue(Files.exists(older.resolve("pool.properties")), "a marker without the keep flag is left alone");
            assertTrue(Files.exists(foreign.resolve("pool.properties")), "a foreign directory stays");
            assertTrue(Files.readString(created.path().resolve("pool.properties")).contains("flotilla.keep=false"));
        }
    }

    @Test
    @Timeout(60)
    void aSweptPoolNeverTakesWhatItsLinksPointAt(@TempDir final Path tmp) throws Exception
    {
        final long deadPid = deadProcessPid();
        final Path base = PrivatePaths.ensureDirectory(tmp.resolve("base"));
        final Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("precious.txt"), "keep");
        final Path stale = pool(base, "stale", deadPid, false);
        Files.createSymbolicLink(stale.resolve("work-0"), outside);
        Files.createSymbolicLink(stale.resolve("counters.dat"), outside.resolve("precious.txt"));
        // a link in the base to a directory that looks like a stale pool: not a directory of the base, never swept
        final Path lookalike = pool(tmp, "lookalike", deadPid, false);
        final Path link = Files.createSymbolicLink(base.resolve("linked-pool"), lookalike);

        assertEquals(java.util.List.of(stale), StalePoolSweeper.sweep(base));

        assertFalse(Files.exists(stale, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the stale pool and its links are gone");
        assertEquals("keep", Files.readString(outside.resolve("precious.txt")), "what a link pointed at stays");
        assertTrue(Files.isSymbolicLink(link), "a link in the base is not a pool directory");
        assertTrue(Files.exists(lookalike.resolve("pool.properties")) && Files.isDirectory(lookalike.resolve("shard-0")),
            "the link's target stays");
    }

    private static Path pool(final Path base, final String name, final long pid, final Boolean keep) throws Exception
    {
        final Path dir = Files.createDirectories(base.resolve(name));
        Files.createDirectories(dir.resolve("shard-0"));
        Files.writeString(dir.resolve("pool.properties"), "flotilla.magic=flotilla-pool\nflotilla.layout.version=2\n" +
            "flotilla.shards=1\nflotilla.parent.pid=" + pid + "\n" + (null == keep ? "" : "flotilla.keep=" + keep + "\n"));
        return dir;
    }

    /** @return the pid of a process that has exited and been reaped. */
    private static long deadProcessPid() throws Exception
    {
        final Process process = new ProcessBuilder("true").start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        final long pid = process.pid();
        Await.until(() -> ProcessHandle.of(pid).isEmpty(), Duration.ofSeconds(5), "process gone: pid=" + pid);
        return pid;
    }
}
