package io.flotilla;

import io.flotilla.protocol.ChronicleQueues;
import io.flotilla.protocol.PoolDirectory;
import io.flotilla.protocol.ResultEnvelope;
import io.flotilla.protocol.ResultPart;
import io.flotilla.testkit.Functions;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chunk whose results do not fit in one envelope is answered in parts: a map of 1,000 items that each answer with
 * 2,000 bytes (2 MB for one chunk, against a payload limit of 128 KB) gets every value, and the results queue shows
 * the parts.
 */
@Timeout(120)
class ChunkResultPartsTest
{
    @TempDir
    Path base;

    @Test
    void aChunkTooLargeForOneResultEnvelopeIsAnsweredInParts() throws Exception
    {
        try (Pool pool = Pool.builder().processes(1).base(base).poolId("parts").keepFiles(true)
            .workerOutputLevel(System.Logger.Level.OFF).build())
        {
            final List<String> texts = pool.map(Functions.Text.class, Collections.nCopies(1_000, 2_000), 1_000);
            assertEquals(1_000, texts.size());
            for (int i = 0; i < texts.size(); i++)
            {
                assertEquals(2_000, texts.get(i).length(), "item " + i);
            }
            // the same pool answers small chunks in one envelope, as before
            assertEquals(List.of("yy", "yyy"), pool.map(Functions.Text.class, List.of(2, 3), 2));
        }
        final Path dir = base.resolve("parts");
        {
            int parts = 0;
            int nextFirst = 0;
            try (SingleChronicleQueue results = ChronicleQueues.openReadOnly(dir.resolve(PoolDirectory.RESULTS_QUEUE)))
            {
                final ExcerptTailer tailer = results.createTailer();
                final ResultEnvelope result = new ResultEnvelope();
                while (true)
                {
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        if (!dc.isPresent())
                        {
                            break;
                        }
                        final net.openhft.chronicle.bytes.Bytes<?> bytes = dc.wire().bytes();
                        final byte[] copy = new byte[(int)bytes.readRemaining()];
                        bytes.read(copy);
                        result.wrap(new UnsafeBuffer(copy), 0, copy.length);
                        if (ResultPart.isPart(result))
                        {
                            assertEquals(nextFirst, ResultPart.firstItem(result), "parts in item order");
                            nextFirst += result.chunkLength();
                            parts++;
                        }
                    }
                }
            }
            assertEquals(1_000, nextFirst, "the parts cover the chunk");
            assertTrue(parts >= 16, "2 MB in envelopes of at most 128 KB: parts=" + parts);
        }
    }
}
