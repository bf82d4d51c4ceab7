package io.flotilla.protocol.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The codec package's copy of ValueCodec's tags agrees with them. */
class ValueCodecTagsTest
{
    @Test
    void tagsAgree()
    {
        assertEquals(ValueCodec.NULL, Tags.NULL);
        assertEquals(ValueCodec.INT, Tags.INT);
        assertEquals(ValueCodec.LONG, Tags.LONG);
        assertEquals(ValueCodec.DOUBLE, Tags.DOUBLE);
        assertEquals(ValueCodec.FLOAT, Tags.FLOAT);
        assertEquals(ValueCodec.SHORT, Tags.SHORT);
        assertEquals(ValueCodec.BYTE, Tags.BYTE);
        assertEquals(ValueCodec.BOOLEAN, Tags.BOOLEAN);
        assertEquals(ValueCodec.CHAR, Tags.CHAR);
        assertEquals(ValueCodec.STRING, Tags.STRING);
        assertEquals(ValueCodec.BYTES, Tags.BYTES);
        assertEquals(ValueCodec.TUPLE, Tags.TUPLE);
        assertEquals(ValueCodec.TUPLE + 1, Tags.FIRST);
    }
}
