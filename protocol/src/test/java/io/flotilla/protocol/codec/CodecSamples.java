package io.flotilla.protocol.codec;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Random values of every type the codecs take, for property tests, and a deep equality that compares arrays by content.
 */
final class CodecSamples
{
    enum Kind
    {
        SMALL,
        LARGE
        {
            @Override
            public String toString()
            {
                return "large!";
            }
        },
        HUGE
    }

    record Address(String street, String zip, int number)
    {
    }

    record Primitives(int i, long l, double d, float f, short s, byte b, boolean z, char c)
    {
    }

    record Person(String name, Kind kind, Address address, List<String> tags, Map<String, Integer> counts,
        Optional<Address> previous, int[] lucky, Set<Kind> kinds)
    {
    }

    record Box<T>(T value, List<T> more)
    {
    }

    record Typed(String[] names, LinkedList<Integer> queue, TreeMap<String, Long> sorted)
    {
    }

    record Empty()
    {
    }

    private static final ZoneId[] ZONES = {ZoneId.of("UTC"), ZoneId.of("Europe/Paris"), ZoneOffset.ofHours(-5),
        ZoneId.of("Asia/Kolkata")};

    private CodecSamples()
    {
    }

    /** @return a random value of any supported type, nesting at most {@code depth} more levels. */
    static Object any(final Random random, final int depth)
    {
        final int kinds = depth <= 0 ? 30 : 42;
        return switch (random.nextInt(kinds))
        {
            case 0 -> null;
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> random.nextDouble();
            case 4 -> random.nextFloat();
            case 5 -> (short)random.nextInt();
            case 6 -> (byte)random.nextInt();
            case 7 -> random.nextBoolean();
            case 8 -> (char)random.nextInt(0xD800);
            case 9 -> string(random);
            case 10 -> bytes(random);
            case 11 -> Kind.values()[random.nextInt(3)];
            case 12 -> address(random);
            case 13 -> new Primitives(random.nextInt(), random.nextLong(), random.nextDouble(), random.nextFloat(),
                (short)random.nextInt(), (byte)random.nextInt(), random.nextBoolean(), (char)random.nextInt(0xD800));
            case 14 -> ints(random);
            case 15 -> random.longs(random.nextInt(5)).toArray();
            case 16 -> random.doubles(random.nextInt(5)).toArray();
            case 17 -> new float[] {random.nextFloat(), -0f, Float.NaN};
            case 18 -> new short[] {(short)random.nextInt(), Short.MIN_VALUE};
            case 19 -> new char[] {'a', (char)random.nextInt(0xD800)};
            case 20 -> new boolean[] {random.nextBoolean(), true, false};
            case 21 -> Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000));
            case 22 -> Duration.ofSeconds(random.nextLong() >> 2, random.nextInt(1_000_000_000));
            case 23 -> date(random);
            case 24 -> LocalTime.ofNanoOfDay(Math.floorMod(random.nextLong(), 86_400_000_000_000L));
            case 25 -> LocalDateTime.of(date(random), LocalTime.ofSecondOfDay(random.nextInt(86_400)));
            case 26 -> OffsetDateTime.of(LocalDateTime.of(date(random), LocalTime.NOON),
                ZoneOffset.ofTotalSeconds(60 * (random.nextInt(1080 * 2) - 1080)));
            case 27 -> ZonedDateTime.of(LocalDateTime.of(date(random), LocalTime.of(random.nextInt(24), 30)),
                ZONES[random.nextInt(ZONES.length)]);
            case 28 -> new UUID(random.nextLong(), random.nextLong());
            case 29 -> random.nextBoolean() ? new BigInteger(random.nextInt(300), random) :
                new BigDecimal(new BigInteger(random.nextInt(100), random).negate(), random.nextInt(40) - 20);
            // nesting kinds
            case 30 -> list(random, depth);
            case 31 -> new Person(string(random), Kind.values()[random.nextInt(3)], address(random),
                List.of(string(random), string(random)), counts(random), random.nextBoolean() ?
                Optional.of(address(random)) : Optional.empty(), ints(random),
                random.nextBoolean() ? Set.of(Kind.HUGE) : new TreeSet<>(List.of(Kind.SMALL, Kind.LARGE)));
            case 32 -> new Box<Object>(any(random, depth - 1), random.nextBoolean() ? List.of() : list(random, depth));
            case 33 -> tuple(random, depth);
            case 34 -> keySet(random);
            case 35 -> map(random, depth);
            case 36 -> new TreeMap<>(counts(random));
            case 37 -> Optional.ofNullable(any(random, depth - 1));
            case 38 -> new Typed(new String[] {string(random), null}, new LinkedList<>(List.of(1, 2)),
                new TreeMap<>(Map.of("a", 1L)));
            case 39 -> new Empty();
            case 40 -> byteBuffer(random);
            default -> Period.of(random.nextInt(100), random.nextInt(12), random.nextInt(31));
        };
    }

    private static Object byteBuffer(final Random random)
    {
        final byte[] bytes = bytes(random);
        final ByteBuffer buffer = random.nextBoolean() ? ByteBuffer.allocateDirect(bytes.length + 2) :
            ByteBuffer.allocate(bytes.length + 2);
        buffer.put((byte)7).put(bytes).flip();
        buffer.get(); // position 1: only the rest travels
        return buffer;
    }

    private static List<Object> list(final Random random, final int depth)
    {
        final int n = random.nextInt(6);
        final List<Object> list = random.nextBoolean() ? new ArrayList<>() : new LinkedList<>();
        for (int i = 0; i < n; i++)
        {
            list.add(any(random, depth - 1));
        }
        return random.nextInt(4) == 0 ? List.copyOf(list.stream().filter(Objects::nonNull).toList()) : list;
    }

    private static Object tuple(final Random random, final int depth)
    {
        final Object[] tuple = new Object[random.nextInt(4)];
        for (int i = 0; i < tuple.length; i++)
        {
            tuple[i] = any(random, depth - 1);
        }
        return tuple;
    }

    /** Keys: values whose equals and hashCode are by content. */
    private static Object key(final Random random)
    {
        return switch (random.nextInt(7))
        {
            case 0 -> random.nextInt(100);
            case 1 -> string(random);
            case 2 -> address(random);
            case 3 -> Kind.values()[random.nextInt(3)];
            case 4 -> new UUID(random.nextLong(), random.nextLong());
            case 5 -> date(random);
            default -> List.of(random.nextInt(10), "k");
        };
    }

    private static Object keySet(final Random random)
    {
        final Set<Object> set = random.nextBoolean() ? new HashSet<>() : new java.util.LinkedHashSet<>();
        for (int i = random.nextInt(6); i > 0; i--)
        {
            set.add(key(random));
        }
        return set;
    }

    private static Object map(final Random random, final int depth)
    {
        final Map<Object, Object> map = new HashMap<>();
        for (int i = random.nextInt(5); i > 0; i--)
        {
            map.put(key(random), any(random, depth - 1));
        }
        return map;
    }

    private static Map<String, Integer> counts(final Random random)
    {
        final Map<String, Integer> counts = new HashMap<>();
        for (int i = random.nextInt(4); i > 0; i--)
        {
            counts.put(string(random), random.nextInt());
        }
        return counts;
    }

    static Address address(final Random random)
    {
        return new Address(random.nextInt(5) == 0 ? null : string(random), "Z" + random.nextInt(99999),
            random.nextInt(1000));
    }

    private static int[] ints(final Random random)
    {
        return random.ints(random.nextInt(6)).toArray();
    }

    private static LocalDate date(final Random random)
    {
        return LocalDate.ofEpochDay(random.nextInt(2_000_000) - 1_000_000);
    }

    static String string(final Random random)
    {
        final int n = random.nextInt(12);
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            s.append(random.nextInt(10) == 0 ? "\u00e9\u4e2d" : String.valueOf((char)('a' + random.nextInt(26))));
        }
        return s.toString();
    }

    private static byte[] bytes(final Random random)
    {
        final byte[] bytes = new byte[random.nextInt(10)];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * @return whether the decoded value is the written one: equal, arrays by content, records by component, and of the
     * class the codec documents it decodes as.
     */
    static boolean same(final Object written, final Object read)
    {
        if (null == written || null == read)
        {
            return written == read;
        }
        if (written.getClass().isArray())
        {
            if (!read.getClass().isArray())
            {
                return false;
            }
            if (written instanceof Object[] a)
            {
                final Object[] b = (Object[])read;
                if (a.length != b.length)
                {
                    return false;
                }
                for (int i = 0; i < a.length; i++)
                {
                    if (!same(a[i], b[i]))
                    {
                        return false;
                    }
                }
                return true;
            }
            return Objects.deepEquals(new Object[] {written}, new Object[] {read});
        }
        if (written instanceof Record)
        {
            if (written.getClass() != read.getClass())
            {
                return false;
            }
            try
            {
                for (final RecordComponent component : written.getClass().getRecordComponents())
                {
                    component.getAccessor().setAccessible(true);
                    if (!same(component.getAccessor().invoke(written), component.getAccessor().invoke(read)))
                    {
                        return false;
                    }
                }
                return true;
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new AssertionError(ex);
            }
        }
        if (written instanceof List<?> a)
        {
            return (read instanceof ArrayList || read instanceof LinkedList) && sameInOrder(a, (List<?>)read);
        }
        if (written instanceof java.util.SortedSet<?> a && null == a.comparator())
        {
            return read instanceof TreeSet && sameInOrder(a, (Collection<?>)read);
        }
        if (written instanceof Set<?> a)
        {
            return read instanceof java.util.LinkedHashSet && a.equals(read) && sameInOrder(a, (Collection<?>)read);
        }
        if (written instanceof java.util.SortedMap<?, ?> a && null == a.comparator())
        {
            return read instanceof TreeMap && sameInOrder(a.entrySet(), ((Map<?, ?>)read).entrySet());
        }
        if (written instanceof Map<?, ?> a)
        {
            return read instanceof java.util.LinkedHashMap && sameInOrder(a.entrySet(), ((Map<?, ?>)read).entrySet());
        }
        if (written instanceof Map.Entry<?, ?> a && read instanceof Map.Entry<?, ?> b)
        {
            return same(a.getKey(), b.getKey()) && same(a.getValue(), b.getValue());
        }
        if (written instanceof Optional<?> a)
        {
            return read instanceof Optional<?> b && same(a.orElse(null), b.orElse(null));
        }
        if (written instanceof ByteBuffer a)
        {
            return read instanceof ByteBuffer b && !b.isDirect() && a.equals(b);
        }
        return written.equals(read) && (written.getClass() == read.getClass() || written instanceof Enum<?>);
    }

    private static boolean sameInOrder(final Collection<?> a, final Collection<?> b)
    {
        if (a.size() != b.size())
        {
            return false;
        }
        final Iterator<?> i = a.iterator();
        final Iterator<?> j = b.iterator();
        while (i.hasNext())
        {
            if (!same(i.next(), j.next()))
            {
                return false;
            }
        }
        return true;
    }

    static String describe(final Object value)
    {
        if (value instanceof Object[] a)
        {
            return Arrays.deepToString(a);
        }
        return String.valueOf(value);
    }
}
