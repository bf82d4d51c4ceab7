package io.flotilla.protocol.codec;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Truncated, damaged and hostile bytes fail with a clear exception: never an OutOfMemoryError, a hang, or an exception
 * that says nothing (a ClassCastException, a NullPointerException). A truncated value never decodes.
 */
@Timeout(120)
class ValueCodecCorruptInputTest
{
    private static Object decode(final byte[] bytes, final int limit)
    {
        return ValueCodec.decode(new ValueCodec.Cursor().wrap(new UnsafeBuffer(bytes), 0, limit));
    }

    /** @return whether the exception is one a damaged value is documented to give. */
    private static boolean clear(final RuntimeException ex)
    {
        return ex instanceof IllegalStateException && null != ex.getMessage() && ex.getMessage().contains("corrupt") ||
            ex instanceof IllegalStateException && null != ex.getMessage() && ex.getMessage().contains("type=") ||
            ex instanceof IllegalStateException && null != ex.getMessage() && ex.getMessage().contains("value tag") ||
            ex instanceof IndexOutOfBoundsException; // a scalar at the top, past the buffer's end (Agrona's check)
    }

    @Test
    void everyTruncationFails()
    {
        final Random random = new Random(11);
        for (int i = 0; i < 3_000; i++)
        {
            final Object value = CodecSamples.any(random, 3);
            final byte[] bytes = ValueCodecPropertyTest.encode(value);
            for (int cut = 0; cut < bytes.length; cut += 1 + bytes.length / 40)
            {
                final byte[] truncated = Arrays.copyOf(bytes, cut);
                try
                {
                    final Object read = decode(truncated, cut);
                    fail("decoded a value from " + cut + " of " + bytes.length + " bytes: " +
                        CodecSamples.describe(read) + ", written " + CodecSamples.describe(value));
                }
                catch (final RuntimeException ex)
                {
                    assertTrue(clear(ex), () -> "unclear: " + ex + " for " + CodecSamples.describe(value));
                }
                // the limit alone stops it, in a buffer with more bytes after (ValueCodec's own scalars at the top
                // are checked against the buffer's end only: a payload's framing bounds them)
                if (bytes[0] < Tags.TUPLE)
                {
                    continue;
                }
                final int limit = cut;
                final RuntimeException ex = assertThrows(RuntimeException.class, () -> decode(bytes, limit));
                assertTrue(clear(ex) || bytes.length == 0, () -> "unclear: " + ex);
            }
        }
    }

    @Test
    void damagedBytesFailClearlyOrDecode()
    {
        final Random random = new Random(13);
        int failed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] bytes = ValueCodecPropertyTest.encode(CodecSamples.any(random, 3));
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--)
            {
                bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
            }
            try
            {
                decode(bytes, bytes.length);
            }
            catch (final RuntimeException ex)
            {
                assertTrue(clear(ex), () -> "unclear: " + ex);
                failed++;
            }
        }
        assertTrue(failed > 1000, "damage is mostly noticed: failed=" + failed);
    }

    @Test
    void randomBytesFailClearlyOrDecode()
    {
        final Random random = new Random(17);
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] bytes = new byte[1 + random.nextInt(64)];
            random.nextBytes(bytes);
            bytes[0] = (byte)random.nextInt(Tags.END);
            try
            {
                decode(bytes, bytes.length);
            }
            catch (final RuntimeException ex)
            {
                assertTrue(clear(ex), () -> "unclear: " + ex);
            }
        }
    }

    @Test
    void aHugeClaimedSizeFailsWithoutAllocating()
    {
        for (final byte tag : new byte[] {Tags.LIST, Tags.SET, Tags.MAP, Tags.INT_ARRAY, Tags.LONG_ARRAY,
            Tags.BYTE_BUFFER, Tags.BIG_INTEGER})
        {
            final byte[] bytes = {tag, (byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF, 0x07, 1, 2, 3};
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> decode(bytes, 9));
            assertTrue(ex.getMessage().contains("size larger than the bytes left"), ex.getMessage());
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        for (final byte tag : new byte[] {Tags.TUPLE, Tags.BYTES, Tags.STRING})
        {
            buffer.putByte(0, tag);
            buffer.putInt(1, Integer.MAX_VALUE);
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> ValueCodec.decode(new ValueCodec.Cursor().wrap(buffer, 0, 16)));
            assertTrue(ex.getMessage().contains("out of range"), ex.getMessage());
        }
    }

    @Test
    void deepNestingFailsWithoutOverflowingTheStack()
    {
        final byte[] bytes = new byte[200_000];
        Arrays.fill(bytes, Tags.OPTIONAL);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> decode(bytes, bytes.length));
        assertTrue(ex.getMessage().contains("deeper than " + JavaValues.MAX_DEPTH), ex.getMessage());

        final ExpandableArrayBuffer tuples = new ExpandableArrayBuffer();
        for (int i = 0; i < 100_000; i++)
        {
            tuples.putByte(5 * i, Tags.TUPLE);
            tuples.putInt(5 * i + 1, 1);
        }
        final IllegalStateException tupleEx = assertThrows(IllegalStateException.class,
            () -> ValueCodec.decode(new ValueCodec.Cursor().wrap(tuples, 0, 500_000)));
        assertTrue(tupleEx.getMessage().contains("deeper than"), tupleEx.getMessage());
    }

    @Test
    void aNameOffTheWireLoadsOnlyRecordsAndEnums()
    {
        // a class whose static initialiser must never run on a reader's say-so
        for (final String name : List.of(Tripwire.class.getName(), "java.lang.Runtime", "[Ljava.lang.String;",
            "no.such.Type"))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> decode(recordNamed(name, 0), 64 + name.length()));
            assertTrue(ex.getMessage().contains("type=" + name), ex.getMessage());
        }
        assertTrue(!tripped, "the class was not initialised");
    }

    @Test
    void aRecordOfAnotherShapeIsRefused()
    {
        final String name = CodecSamples.Address.class.getName();
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> decode(recordNamed(name, 12345), 64 + name.length()));
        assertTrue(ex.getMessage().contains("type differs between writer and reader"), ex.getMessage());
    }

    @Test
    void aLenientReaderShowsAnUnknownRecordWithoutLoadingIt()
    {
        final byte[] bytes = recordNamed("com.example.Gone", 99);
        final Object read = ValueCodec.decode(new ValueCodec.Cursor().wrap(new UnsafeBuffer(bytes), 0, bytes.length)
            .lenient(true));
        assertTrue(read instanceof UnknownRecord r && r.className().equals("com.example.Gone") &&
            r.components().equals(List.of(7, "x")), String.valueOf(read));
    }

    /** @return a RECORD value defining a type of the name with two components: int 7, "x". */
    private static byte[] recordNamed(final String name, final int shape)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        buffer.putByte(at++, Tags.RECORD);
        buffer.putByte(at++, (byte)0);
        buffer.putByte(at++, (byte)nameBytes.length);
        buffer.putBytes(at, nameBytes);
        at += nameBytes.length;
        buffer.putInt(at, shape);
        at += 4;
        buffer.putByte(at++, (byte)2);
        at = ValueCodec.encode(buffer, at, 7);
        at = ValueCodec.encode(buffer, at, "x");
        return Arrays.copyOf(buffer.byteArray(), at);
    }

    static boolean tripped;

    static final class Tripwire
    {
        static
        {
            tripped = true;
        }
    }
}
