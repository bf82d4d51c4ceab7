package io.flotilla.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serialization filter bounds the graph as well as the classes: nested sets built to take forever to read are
 * refused at once, while large ordinary values still pass.
 */
class JavaSerializationLimitsTest
{
    private static final ObjectInputFilter FILTER = JavaSerialization.filter("io.flotilla.none.*");

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void deeplyNestedSetsAreRefusedQuickly()
    {
        for (final int levels : new int[] {JavaSerialization.MAX_DEPTH + 1, 40, 100})
        {
            final byte[] data = JavaSerialization.write(nestedSets(levels));
            final long startNs = System.nanoTime();
            final UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                () -> JavaSerialization.read(data, FILTER));
            final long ms = (System.nanoTime() - startNs) / 1_000_000;
            assertInstanceOf(InvalidClassException.class, refused.getCause(), refused.toString());
            assertTrue(refused.getMessage().contains("REJECTED"), refused.getMessage());
            assertTrue(ms < 2_000, "refused quickly: levels=" + levels + ", ms=" + ms);
        }
        assertInstanceOf(Set.class, JavaSerialization.read(JavaSerialization.write(nestedSets(8)), FILTER),
            "a shallow nesting passes");
    }

    @Test
    void largeOrdinaryValuesPass()
    {
        final List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 200_000; i++)
        {
            numbers.add(i);
        }
        assertEquals(numbers, JavaSerialization.read(JavaSerialization.write(numbers), FILTER));
        final byte[] bytes = new byte[3 << 20];
        bytes[bytes.length - 1] = 7;
        assertArrayEquals(bytes, (byte[])JavaSerialization.read(JavaSerialization.write(bytes), FILTER));
    }

    @Test
    void anArrayOrStreamOverThePayloadLimitIsRefused()
    {
        final byte[] data = JavaSerialization.write(new byte[(int)JavaSerialization.MAX_BYTES + 1]);
        final UncheckedIOException refused = assertThrows(UncheckedIOException.class,
            () -> JavaSerialization.read(data, FILTER));
        assertTrue(refused.getMessage().contains("REJECTED"), refused.getMessage());
    }

    /**
     * Sets nested {@code levels} deep where each level's two sets share the next level's two: reading hashes every
     * path, about 2^levels hash computations, unless the depth limit stops it.
     */
    private static Set<Object> nestedSets(final int levels)
    {
        final Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < levels; i++)
        {
            final Set<Object> t1 = new HashSet<>();
            final Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }
}
