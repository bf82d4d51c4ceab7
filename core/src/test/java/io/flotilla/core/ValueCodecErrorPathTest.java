package io.flotilla.core;

import io.flotilla.protocol.codec.JavaValues;
import io.flotilla.protocol.codec.ValueCodec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A value no codec takes is refused naming the type and where it is inside the value.
 */
class ValueCodecErrorPathTest
{
    record Address(String street, Object zip)
    {
    }

    record Item(String name, Address address)
    {
    }

    record Order(long id, List<Item> items)
    {
    }

    private static Item item(final Object zip)
    {
        return new Item("i", new Address("s", zip));
    }

    private static String refusal(final Object value)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Arguments.checkPayload(value, "items[3]", 1 << 20));
        return ex.getMessage();
    }

    @Test
    void namesThePathAndTheType()
    {
        final Order order = new Order(1, List.of(item("1"), item("2"), item("3"), item(new java.awt.Point(1, 2))));
        assertEquals("cannot send items[3].items[3].address.zip: no codec for type=java.awt.Point",
            refusal(order).replaceAll(" \\(supported.*", ""));
        assertEquals("cannot send items[3]: no codec for type=java.lang.Thread",
            refusal(Thread.currentThread()).replaceAll(" \\(supported.*", ""));
    }

    @Test
    void namesMapsOptionalsAndTuples()
    {
        assertEquals("cannot send items[3][\"k\"].get(): no codec for type=java.lang.Object",
            refusal(Map.of("k", Optional.of(new Object()))).replaceAll(" \\(supported.*", ""));
        assertEquals("cannot send items[3].key(java.lang.Object@x): no codec for type=java.lang.Object",
            refusal(Map.of(new Object(), 1)).replaceAll(" \\(supported.*", "").replaceAll("@[0-9a-f]+", "@x"));
        assertEquals("cannot send items[3][1][0]: no codec for type=java.util.Date",
            refusal(new Object[] {1, new Object[] {new java.util.Date()}}).replaceAll(" \\(supported.*", ""));
        assertEquals("cannot send items[3].previous: no codec for type=java.util.Date", refusal(
            new Holder(new java.util.Date())).replaceAll(" \\(supported.*", ""));
    }

    record Holder(Object previous)
    {
    }

    @Test
    void aValueThatHoldsItselfIsRefused()
    {
        final List<Object> list = new ArrayList<>();
        list.add(list);
        assertEquals(true, refusal(list).contains("nests deeper than " + JavaValues.MAX_DEPTH), refusal(list));
    }

    @Test
    void tellsWhatIsSupported()
    {
        assertEquals(true, ValueCodec.unsupportedReason(new Object()).contains("register a Codec"));
        assertNull(ValueCodec.unsupportedReason(List.of(new Address("a", java.time.LocalDate.EPOCH))));
    }

    @Test
    void anInaccessibleRecordIsRefusedNamingIt()
    {
        // a record in a named module that does not open its package to us
        final Object record = java.lang.constant.ConstantDescs.CD_int.getClass().isRecord() ?
            java.lang.constant.ConstantDescs.CD_int : null;
        if (null != record)
        {
            assertEquals(true, refusal(record).contains(record.getClass().getName()), refusal(record));
        }
    }
}
