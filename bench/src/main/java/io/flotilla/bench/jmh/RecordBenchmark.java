package io.flotilla.bench.jmh;

import io.flotilla.protocol.codec.ValueCodec;
import io.flotilla.protocol.codec.JavaValues;
import io.flotilla.protocol.codec.PoolTypes;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A record of five components (int, long, String, enum, a List of eight Integers) encoded into a direct buffer and
 * decoded back, as an argument travels: in a pool, naming its types by the pool's type table ({@code Pooled}), and
 * without one, naming them in the value; and, for scale, its size against Java serialization's ({@link #main}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = "@jvm.flags")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RecordBenchmark
{
    public enum Side
    {
        BUY, SELL
    }

    public record Order(int quantity, long id, String symbol, Side side, List<Integer> fills) implements Serializable
    {
    }

    static Order sample()
    {
        return new Order(100, 1_234_567_890L, "ACME", Side.SELL, new ArrayList<>(List.of(1, 2, 3, 5, 8, 13, 21, 34)));
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final ValueCodec.Cursor cursor = new ValueCodec.Cursor();
    private final Order order = sample();
    private Path poolDir;
    private PoolTypes types;

    @Setup
    public void setUp() throws IOException
    {
        poolDir = Files.createTempDirectory("flotilla-record-bench");
        types = PoolTypes.of(poolDir);
        cursor.types(types);
    }

    @TearDown
    public void tearDown()
    {
        try
        {
            Files.deleteIfExists(poolDir.resolve(PoolTypes.FILE));
            Files.deleteIfExists(poolDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Benchmark
    public int encodePooled()
    {
        return JavaValues.encode(buffer, 0, order, types);
    }

    @Benchmark
    public Object encodeThenDecodePooled()
    {
        final int end = JavaValues.encode(buffer, 0, order, types);
        return ValueCodec.decode(cursor.wrap(buffer, 0, end));
    }

    @Benchmark
    public int encode()
    {
        return ValueCodec.encode(buffer, 0, order);
    }

    @Benchmark
    public Object encodeThenDecode()
    {
        final int end = ValueCodec.encode(buffer, 0, order);
        return ValueCodec.decode(cursor.wrap(buffer, 0, end));
    }

    @Benchmark
    public int checkThenLengthThenEncode()
    {
        // what submit does: refuse what no codec takes, size it against the limit, write it
        if (null != ValueCodec.unsupportedReason(order))
        {
            throw new IllegalStateException();
        }
        return ValueCodec.encodedLength(order) + ValueCodec.encode(buffer, 0, order);
    }

    /** Prints the bytes the record takes here and under Java serialization. */
    public static void main(final String[] args) throws IOException
    {
        final Order order = sample();
        final ByteArrayOutputStream java = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(java))
        {
            out.writeObject(order);
        }
        final int ours = ValueCodec.encodedLength(order);
        final Path dir = Files.createTempDirectory("flotilla-record-size");
        final PoolTypes types = PoolTypes.of(dir);
        final int pooled = JavaValues.encodedLength(order, types);
        final List<Order> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            hundred.add(sample());
        }
        final ByteArrayOutputStream javaHundred = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(javaHundred))
        {
            out.writeObject(hundred);
        }
        System.out.println("record of 5 components: flotilla in a pool=" + pooled + " bytes, without a pool's type " +
            "table=" + ours + " bytes, java serialization=" + java.size() + " bytes");
        System.out.println("list of 100 such records: flotilla in a pool=" + JavaValues.encodedLength(hundred, types) +
            " bytes, without=" + ValueCodec.encodedLength(hundred) + " bytes, java serialization=" +
            javaHundred.size() + " bytes");
        Files.deleteIfExists(dir.resolve(PoolTypes.FILE));
        Files.deleteIfExists(dir);
    }
}
