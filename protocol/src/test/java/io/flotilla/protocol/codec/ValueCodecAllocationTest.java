package io.flotilla.protocol.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing a record of scalars, a String, an enum and a list allocates nothing once warm, with or without a table. */
class ValueCodecAllocationTest
{
    enum Side
    {
        BUY, SELL
    }

    record Order(int quantity, long id, String symbol, Side side, List<Integer> fills)
    {
    }

    @TempDir
    Path poolDir;

    @Test
    void encodingAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
        final Order order = new Order(100, 1_234_567_890L, "ACME", Side.SELL,
            new ArrayList<>(List.of(1, 2, 3, 5, 8, 13, 21, 34)));
        final PoolTypes types = PoolTypes.of(poolDir);
        final int rounds = 100_000;
        long sink = 0;
        for (int i = 0; i < 3 * rounds; i++)
        {
            sink += ValueCodec.encode(buffer, 0, order) + JavaValues.encode(buffer, 256, order, types);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++)
        {
            sink += ValueCodec.encode(buffer, 0, order) + JavaValues.encode(buffer, 256, order, types);
        }
        final long perEncode = (threads.getCurrentThreadAllocatedBytes() - before) / (2L * rounds);
        assertTrue(perEncode < 1, "bytes allocated per encode=" + perEncode + " (sink " + sink + ")");
    }
}
