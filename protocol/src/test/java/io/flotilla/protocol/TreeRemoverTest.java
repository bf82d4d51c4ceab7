package io.flotilla.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Removing a tree never removes anything a symbolic link in it points at: not when the link is there from the start,
 * and not when a directory of the tree is swapped for a link while the tree is being removed; nor anything on another
 * file system mounted in it.
 */
class TreeRemoverTest
{
    private static final int FILES = 40;

    @Test
    void aSymbolicLinkInTheTreeIsRemovedAsALink(@TempDir final Path tmp) throws Exception
    {
        final Path outside = outsideWithFiles(tmp);
        final Path tree = Files.createDirectories(tmp.resolve("tree").resolve("work-0"));
        Files.writeString(tree.resolve("queue.cq4"), "data");
        Files.createSymbolicLink(tree.resolve("linked-dir"), outside);
        Files.createSymbolicLink(tree.resolve("linked-file"), outside.resolve("f0"));
        Files.createSymbolicLink(tmp.resolve("tree").resolve("results"), outside);

        PoolDirectory.deleteTree(tmp.resolve("tree"));

        assertFalse(Files.exists(tmp.resolve("tree"), LinkOption.NOFOLLOW_LINKS), "the tree is gone");
        assertOutsideIntact(outside);
    }

    @Test
    void aTreeThatIsASymbolicLinkIsRemovedAsALink(@TempDir final Path tmp) throws Exception
    {
        final Path outside = outsideWithFiles(tmp);
        final Path link = Files.createSymbolicLink(tmp.resolve("tree"), outside);

        PoolDirectory.deleteTree(link);

        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertOutsideIntact(outside);
        PoolDirectory.deleteTree(tmp.resolve("missing"));
    }

    @Test
    @Timeout(120)
    void aDirectorySwappedForALinkWhileTheTreeIsRemovedLeavesTheLinkTargetAlone(@TempDir final Path tmp) throws Exception
    {
        final Path outside = outsideWithFiles(tmp);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        int rounds = 0;
        final AtomicLong swaps = new AtomicLong();
        while (rounds < 300 && System.nanoTime() < deadline)
        {
            rounds++;
            final Path tree = tmp.resolve("tree-" + rounds);
            final Path victim = Files.createDirectories(tree.resolve("work-0"));
            for (int i = 0; i < FILES; i++)
            {
                Files.writeString(victim.resolve("f" + i), "tree");
            }
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread attacker = Thread.ofPlatform().name("swapper").start(() -> swapUntil(stop, victim, outside, swaps));
            try
            {
                PoolDirectory.deleteTree(tree);
            }
            catch (final RuntimeException ex)
            {
                // the removal may stop when it sees the swap: that is allowed, removing outside the tree is not
            }
            finally
            {
                stop.set(true);
                attacker.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertFalse(attacker.isAlive());
            assertOutsideIntact(outside);
            PoolDirectory.deleteTree(tree);
            assertFalse(Files.exists(tree, LinkOption.NOFOLLOW_LINKS));
        }
        assertTrue(swaps.get() > 0, "the tree was swapped while being removed: rounds=" + rounds);
        assertOutsideIntact(outside);
    }

    @Test
    @Timeout(60)
    void aMountPointInTheTreeIsNotCrossed(@TempDir final Path tmp) throws Exception
    {
        final Path tree = Files.createDirectories(tmp.resolve("tree"));
        final Path mount = Files.createDirectories(tree.resolve("work-0"));
        assumeTrue(0 == CurrentUser.uid() && 0 == run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs",
            mount.toString()), "mounting a tmpfs needs root and a machine that allows it");
        try
        {
            Files.writeString(mount.resolve("on-another-file-system.txt"), "keep");
            Files.writeString(tree.resolve("counters.dat"), "x");

            final IpcException refused = assertThrows(IpcException.class, () -> PoolDirectory.deleteTree(tree));
            assertTrue(refused.getMessage().contains("mount point") && refused.getMessage().contains("path=" + mount),
                refused.getMessage());
            assertEquals("keep", Files.readString(mount.resolve("on-another-file-system.txt")), "nothing removed across it");
        }
        finally
        {
            assertEquals(0, run("umount", mount.toString()));
        }
        PoolDirectory.deleteTree(tree);
        assertFalse(Files.exists(tree, LinkOption.NOFOLLOW_LINKS));
    }

    private static int run(final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** What a hostile user with write access to the tree does: moves a directory away and puts a link in its place. */
    private static void swapUntil(final AtomicBoolean stop, final Path victim, final Path outside, final AtomicLong swaps)
    {
        final Path moved = victim.resolveSibling(victim.getFileName() + ".moved");
        while (!stop.get())
        {
            try
            {
                Files.move(victim, moved);
                Files.createSymbolicLink(victim, outside);
                swaps.incrementAndGet();
                Thread.onSpinWait();
                Files.delete(victim);
                Files.move(moved, victim);
            }
            catch (final java.io.IOException ex)
            {
                // the remover took something away meanwhile
                if (!Files.exists(victim.getParent(), LinkOption.NOFOLLOW_LINKS))
                {
                    return;
                }
            }
        }
    }

    private static Path outsideWithFiles(final Path tmp) throws Exception
    {
        final Path outside = Files.createDirectories(tmp.resolve("outside"));
        for (int i = 0; i < FILES; i++)
        {
            Files.writeString(outside.resolve("f" + i), "keep");
        }
        return outside;
    }

    private static void assertOutsideIntact(final Path outside) throws Exception
    {
        for (int i = 0; i < FILES; i++)
        {
            final Path file = outside.resolve("f" + i);
            assertTrue(Files.exists(file), "a file outside the tree was removed through a link: path=" + file);
            assertEquals("keep", Files.readString(file), "outside file untouched: path=" + file);
        }
    }
}
