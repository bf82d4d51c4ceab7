package io.flotilla.protocol;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cycle files QueueSpace makes are the ones Chronicle uses (a wrong name would leave Chronicle to create a sparse
 * one), and an append finds its bytes and the bytes after it backed.
 */
class QueueSpaceTest
{
    @Test
    void chronicleRollsToThePrecreatedFileAndAppendsFindTheirBytesBacked(@TempDir final Path dir) throws Exception
    {
        try (SingleChronicleQueue queue = ChronicleQueues.open(dir.resolve("q"));
            QueueSpace space = new QueueSpace(queue);
            ExcerptAppender appender = queue.createAppender())
        {
            assertEquals(ChronicleQueues.METADATA_LENGTH, Files.size(dir.resolve("q").resolve("metadata.cq4t")));
            final int cycle = queue.cycle();
            final Path file = space.cycleFile(cycle);
            final Path precreated = precreated(file);
            space.prepareCycle();
            assertEquals(QueueSpace.NEW_FILE_LENGTH, Files.size(precreated));
            assertTrue(Files.exists(precreated(space.cycleFile(cycle + 1))), "the next cycle's file waits too");
            assertFalse(Files.exists(file));

            try (DocumentContext dc = appender.writingDocument())
            {
                space.ensure(dc.wire().bytes(), 100_000);
                assertTrue(space.backedEnd(dc.wire().bytes()) >= dc.wire().bytes().writePosition() + 100_000 +
                    QueueSpace.AHEAD);
                dc.wire().bytes().writeSkip(100_000);
            }
            assertTrue(Files.exists(file), "Chronicle took the pre-created file: " + file);
            assertFalse(Files.exists(precreated));
            assertEquals(1, queue.createTailer().toEnd().index() - queue.firstIndex());
        }
    }

    private static Path precreated(final Path cycleFile)
    {
        final String name = cycleFile.getFileName().toString();
        return cycleFile.resolveSibling(name.substring(0, name.length() - ".cq4".length()) + ".precreated");
    }
}
