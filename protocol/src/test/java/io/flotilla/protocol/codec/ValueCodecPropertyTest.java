package io.flotilla.protocol.codec;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random values of every supported type, nested, survive encode and decode; the encoded length is exact; a list of
 * records names their class once.
 */
@Timeout(120)
class ValueCodecPropertyTest
{
    private static final int ITERATIONS = 20_000;

    static byte[] encode(final Object value)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int end = ValueCodec.encode(buffer, 3, value);
        assertEquals(ValueCodec.encodedLength(value), end - 3, () -> "encodedLength of " + CodecSamples.describe(value));
        return Arrays.copyOfRange(buffer.byteArray(), 3, end);
    }

    static Object decode(final byte[] bytes)
    {
        final ValueCodec.Cursor cursor = new ValueCodec.Cursor().wrap(new UnsafeBuffer(bytes), 0);
        final Object value = ValueCodec.decode(cursor);
        assertEquals(bytes.length, cursor.offset(), "decode consumed every byte");
        return value;
    }

    @Test
    void randomValuesSurviveEncodeAndDecode()
    {
        final long seed = Long.getLong("codec.seed", 20261203L);
        final Random random = new Random(seed);
        for (int i = 0; i < ITERATIONS; i++)
        {
            final Object value = CodecSamples.any(random, 4);
            assertNull(ValueCheck.check(value), () -> "supported: " + CodecSamples.describe(value));
            final Object read = decode(encode(value));
            final int iteration = i;
            assertTrue(CodecSamples.same(value, read), () -> "seed=" + seed + ", iteration=" + iteration +
                ", wrote " + CodecSamples.describe(value) + ", read " + CodecSamples.describe(read));
        }
    }

    @Test
    void aChunkOfValuesDecodesOneAfterAnother()
    {
        final Random random = new Random(7);
        final List<Object> values = new ArrayList<>();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        int at = 0;
        for (int i = 0; i < 500; i++)
        {
            final Object value = CodecSamples.any(random, 3);
            values.add(value);
            at = ValueCodec.encode(buffer, at, value);
        }
        final ValueCodec.Cursor cursor = new ValueCodec.Cursor().wrap(buffer, 0, at);
        for (final Object value : values)
        {
            assertTrue(CodecSamples.same(value, ValueCodec.decode(cursor)), CodecSamples.describe(value));
        }
        assertEquals(at, cursor.offset());
    }

    @Test
    void aListOfRecordsNamesTheirClassOnce()
    {
        final Random random = new Random(1);
        final List<CodecSamples.Address> one = List.of(CodecSamples.address(random));
        final List<CodecSamples.Address> many = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            many.add(new CodecSamples.Address("s", "z", i));
        }
        final int name = CodecSamples.Address.class.getName().length();
        assertTrue(encode(one).length > name, "the first names the class");
        assertTrue(encode(many).length < 100 * 20, "the rest refer to it: bytes=" + encode(many).length);
        assertTrue(CodecSamples.same(many, decode(encode(many))));
    }

    @Test
    void tuplesOfRecordsKeepTheirWireFormatForScalars()
    {
        // the tuple format is ValueCodec's own: tag, int count, tagged elements
        final byte[] bytes = encode(new Object[] {1, "a"});
        assertEquals(Tags.TUPLE, bytes[0]);
        assertEquals(1 + 4 + 5 + 1 + 4 + 1, bytes.length);
    }
}
