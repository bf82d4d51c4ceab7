package io.flotilla.protocol.codec;

import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesMarshallable;
import net.openhft.chronicle.bytes.BytesOut;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A Chronicle BytesMarshallable travels through its own writeMarshallable and readMarshallable, inside others too. */
class ValueCodecMarshallableTest
{
    public static final class Quote implements BytesMarshallable
    {
        int price;
        String venue;

        public Quote()
        {
        }

        Quote(final int price, final String venue)
        {
            this.price = price;
            this.venue = venue;
        }

        @Override
        public void writeMarshallable(final BytesOut<?> bytes)
        {
            bytes.writeInt(price);
            bytes.writeUtf8(venue);
        }

        @Override
        public void readMarshallable(final BytesIn<?> bytes)
        {
            price = bytes.readInt();
            venue = bytes.readUtf8();
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Quote q && q.price == price && Objects.equals(q.venue, venue);
        }

        @Override
        public int hashCode()
        {
            return price;
        }
    }

    record Book(String symbol, List<Quote> quotes)
    {
    }

    @Test
    void aMarshallableRoundTrips()
    {
        final Book book = new Book("ACME", List.of(new Quote(101, "XLON"), new Quote(99, "XPAR")));
        assertNull(ValueCheck.check(book));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int end = ValueCodec.encode(buffer, 0, book);
        assertEquals(ValueCodec.encodedLength(book), end);
        assertEquals(book, ValueCodec.decode(new ValueCodec.Cursor().wrap(buffer, 0, end)));
    }
}
