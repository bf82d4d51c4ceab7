package io.flotilla.protocol.codec;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values written with a pool's type table name their types by id; another process's table of the same pool (another
 * instance on the same file) reads them back; a tool's read-only table never writes.
 */
class ValueCodecPoolTypesTest
{
    @TempDir
    Path poolDir;

    private static byte[] encode(final Object value, final PoolTypes types)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int end = JavaValues.encode(buffer, 0, value, types);
        assertEquals(JavaValues.encodedLength(value, types), end, "length");
        return Arrays.copyOf(buffer.byteArray(), end);
    }

    private static Object decode(final byte[] bytes, final PoolTypes types)
    {
        final ValueCodec.Cursor cursor = new ValueCodec.Cursor().wrap(new UnsafeBuffer(bytes), 0, bytes.length)
            .types(types);
        final Object value = ValueCodec.decode(cursor);
        assertEquals(bytes.length, cursor.offset());
        return value;
    }

    @Test
    void randomValuesCrossBetweenTwoTablesOfOnePool()
    {
        final PoolTypes parent = PoolTypes.of(poolDir);
        final PoolTypes worker = PoolTypes.of(poolDir);
        final Random random = new Random(5);
        for (int i = 0; i < 5_000; i++)
        {
            final Object value = CodecSamples.any(random, 3);
            final PoolTypes writer = random.nextBoolean() ? parent : worker;
            final PoolTypes reader = writer == parent ? worker : parent;
            final Object read = decode(encode(value, writer), reader);
            assertTrue(CodecSamples.same(value, read), () -> CodecSamples.describe(value) + " read " +
                CodecSamples.describe(read));
        }
        assertTrue(Files.exists(poolDir.resolve(PoolTypes.FILE)));
    }

    @Test
    void aTypeCrossesOnceThenOnlyItsId() throws Exception
    {
        final PoolTypes types = PoolTypes.of(poolDir);
        final CodecSamples.Address address = new CodecSamples.Address("s", "z", 1);
        final int inline = encode(address, null).length;
        final int pooled = encode(address, types).length;
        assertTrue(pooled < inline - CodecSamples.Address.class.getName().length(), "pooled=" + pooled + ", inline=" +
            inline);
        assertEquals(1 + 1 + 6 + 6 + 5, pooled, "tag, id, then the components only");
        final long size = Files.size(poolDir.resolve(PoolTypes.FILE));
        encode(List.of(address, address), types);
        assertEquals(size, Files.size(poolDir.resolve(PoolTypes.FILE)), "no new slot for a known type");
    }

    @Test
    void aReadOnlyTableWritesNothingAndReadsWhatOthersWrote()
    {
        final PoolTypes tool = PoolTypes.readOnly(poolDir);
        final CodecSamples.Address address = new CodecSamples.Address("s", null, 2);
        final byte[] inline = encode(address, tool);
        assertFalse(Files.exists(poolDir.resolve(PoolTypes.FILE)), "no file written");
        assertEquals(encode(address, null).length, inline.length, "written inline");
        assertEquals(address, decode(encode(address, PoolTypes.of(poolDir)), tool));
    }

    @Test
    void anIdWithoutATableOrSlotFailsClearly()
    {
        final byte[] bytes = encode(CodecSamples.Kind.HUGE, PoolTypes.of(poolDir));
        assertEquals(List.of(Tags.ENUM, (byte)3, (byte)2), List.of(bytes[0], bytes[1], bytes[2]));
        final PoolTypes before = PoolTypes.processDefault();
        PoolTypes.useForProcess(null);
        final IllegalStateException noTable = assertThrows(IllegalStateException.class,
            () -> JavaValues.decode(bytes[0], new ValueCodec.Cursor().wrap(new UnsafeBuffer(bytes), 1, bytes.length)));
        PoolTypes.useForProcess(before);
        assertTrue(noTable.getMessage().contains("no pool type table"), noTable.getMessage());

        final byte[] unknownId = bytes.clone();
        unknownId[1] = (byte)(2 * 50 + 1);
        final IllegalStateException noSlot = assertThrows(IllegalStateException.class,
            () -> decode(unknownId, PoolTypes.of(poolDir)));
        assertTrue(noSlot.getMessage().contains("no such pool type: id=50"), noSlot.getMessage());

        final byte[] wrongTag = bytes.clone();
        wrongTag[0] = Tags.RECORD;
        final IllegalStateException tag = assertThrows(IllegalStateException.class,
            () -> decode(wrongTag, PoolTypes.of(poolDir)));
        assertTrue(tag.getMessage().contains("does not fit"), tag.getMessage());
    }
}
