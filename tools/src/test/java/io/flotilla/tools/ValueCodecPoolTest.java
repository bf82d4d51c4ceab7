package io.flotilla.tools;

import io.flotilla.Codec;
import io.flotilla.Pool;
import io.flotilla.PoolConfig;
import io.flotilla.Task;
import io.flotilla.RemoteTaskException;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records with lists, enums, dates and a user's codec go to real worker JVMs and records come back; the replay tool
 * prints them field by field from the kept files.
 */
@Timeout(120)
class ValueCodecPoolTest
{
    public enum Status
    {
        NEW, PAID, SHIPPED
    }

    /** Not a record: only the user's codec takes it. */
    public static final class Money
    {
        final long cents;
        final String currency;

        public Money(final long cents, final String currency)
        {
            this.cents = cents;
            this.currency = currency;
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Money m && m.cents == cents && m.currency.equals(currency);
        }

        @Override
        public int hashCode()
        {
            return Long.hashCode(cents) * 31 + currency.hashCode();
        }

        @Override
        public String toString()
        {
            return cents + " " + currency;
        }
    }

    public static final class MoneyCodec implements Codec<Money>
    {
        @Override
        public Class<Money> type()
        {
            return Money.class;
        }

        @Override
        public int encodedLength(final Money value)
        {
            return Long.BYTES + 3;
        }

        @Override
        public void encode(final Money value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, value.cents);
            buffer.putStringWithoutLengthAscii(offset + Long.BYTES, value.currency);
        }

        @Override
        public Money decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != Long.BYTES + 3)
            {
                throw new IllegalArgumentException("length=" + length);
            }
            return new Money(buffer.getLong(offset), buffer.getStringWithoutLengthAscii(offset + Long.BYTES, 3));
        }
    }

    public record Line(String sku, int quantity, Money price)
    {
    }

    public record Order(long id, Status status, List<Line> lines, LocalDate placed, Map<String, String> notes)
    {
    }

    public record Receipt(long orderId, Status status, Money total, List<String> skus)
    {
    }

    public static final class Checkout implements Task<Order, Receipt>
    {
        @Override
        public Receipt apply(final Order order)
        {
            long cents = 0;
            final List<String> skus = new ArrayList<>();
            for (final Line line : order.lines())
            {
                cents += line.quantity() * line.price().cents;
                skus.add(line.sku());
            }
            return new Receipt(order.id(), Status.values()[order.status().ordinal() + 1],
                new Money(cents, "EUR"), skus);
        }
    }

    public static final class Unknown implements Task<Integer, Object>
    {
        @Override
        public Object apply(final Integer x)
        {
            return List.of(new Line("x", x, null), new Object());
        }
    }

    private static Order order(final long id)
    {
        return new Order(id, Status.NEW, List.of(new Line("apple", 3, new Money(40, "EUR")),
            new Line("pear", 2, new Money(55, "EUR"))), LocalDate.of(2026, 12, 3), Map.of("gift", "yes"));
    }

    public record Parcel(Object contents)
    {
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void recordsGoToWorkersAndComeBack() throws Exception
    {
        final Path base = Files.createTempDirectory("flotilla-codec-test");
        final Path poolDir;
        try (Pool pool = Pool.builder().processes(2).base(base).keepFiles(true).codec(new MoneyCodec()).build())
        {
            poolDir = base.resolve(pool.config().poolId());
            final Receipt receipt = pool.submit(Checkout.class, order(7)).get(30, TimeUnit.SECONDS);
            assertEquals(new Receipt(7, Status.PAID, new Money(230, "EUR"), List.of("apple", "pear")), receipt);

            final List<CompletableFuture<Receipt>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++)
            {
                futures.add(pool.submit(Checkout.class, order(i)));
            }
            for (int i = 0; i < 200; i++)
            {
                assertEquals(i, futures.get(i).get(30, TimeUnit.SECONDS).orderId());
            }
            assertEquals(List.of(1L, 2L), pool.map(Checkout.class, List.of(order(1), order(2))).stream()
                .map(Receipt::orderId).toList());

            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> pool.submit((Class)Checkout.class, new Parcel(List.of(1, new java.awt.Point(1, 2)))));
            assertTrue(refused.getMessage().startsWith(
                "cannot send argument.contents[1]: no codec for type=java.awt.Point"), refused.getMessage());
            final java.util.concurrent.ExecutionException unencodable = assertThrows(
                java.util.concurrent.ExecutionException.class, () -> pool.submit(Unknown.class, 3).get(30,
                TimeUnit.SECONDS), "a result no codec takes fails the task");
            final String remote = ((RemoteTaskException)unencodable.getCause()).remoteMessage();
            assertTrue(remote.contains("no codec takes: result[1]: no codec for type=java.lang.Object"), remote);
        }
        catch (final java.util.concurrent.CompletionException ex)
        {
            throw ex.getCause() instanceof Exception cause ? cause : ex;
        }

        assertTrue(Files.size(poolDir.resolve(io.flotilla.protocol.codec.PoolTypes.FILE)) >= 5 * 256,
            "the types crossed once, in the pool's type table");
        final java.util.regex.Matcher first = java.util.regex.Pattern.compile("(?m)^\\s*(\\d+)\\s+\\S*Checkout")
            .matcher(replay(poolDir.toString(), "ls"));
        assertTrue(first.find());
        final String shown = replay(poolDir.toString(), "show", first.group(1));
        assertTrue(shown.contains("argument[0] = " + Order.class.getName()) &&
            shown.contains("    .id = 7") && shown.contains("    .status = NEW") &&
            shown.contains("    .lines = [Line(sku=\"apple\", quantity=3, price=40 EUR), " +
            "Line(sku=\"pear\", quantity=2, price=55 EUR)]") && shown.contains("    .placed = 2026-12-03") &&
            shown.contains("item[0] = " + Receipt.class.getName()) && shown.contains("    .total = 230 EUR"), shown);
    }

    private static String replay(final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final PrintStream original = System.out;
        try
        {
            System.setOut(out);
            final CommandLine cli = new CommandLine(new FlotillaCli());
            cli.setOut(new java.io.PrintWriter(out, true));
            cli.setErr(new java.io.PrintWriter(out, true));
            final String[] all = new String[args.length + 1];
            all[0] = "replay";
            System.arraycopy(args, 0, all, 1, args.length);
            assertEquals(0, cli.execute(all), bytes.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
