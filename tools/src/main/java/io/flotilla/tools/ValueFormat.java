package io.flotilla.tools;

import io.flotilla.protocol.codec.OpaqueValue;
import io.flotilla.protocol.codec.UnknownEnum;
import io.flotilla.protocol.codec.UnknownRecord;

import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the replay tools print a decoded value: strings quoted, bytes in hex, records as {@code Name(a=1, b="x")}, and a
 * record at the top field by field on lines of their own. A record whose class this process cannot load prints its
 * components by position ({@code #0=...}).
 */
final class ValueFormat
{
    private static final int HEX_BYTES = 32;

    private ValueFormat()
    {
    }

    /** Prints {@code label} and the value; a record's components follow, one a line, indented. */
    static void print(final PrintStream out, final String indent, final String label, final Object value)
    {
        if (value instanceof UnknownRecord record)
        {
            out.println(indent + label + record.className() + " (class not on this class path)");
            for (int i = 0; i < record.components().size(); i++)
            {
                out.println(indent + "    #" + i + " = " + format(record.components().get(i)));
            }
            return;
        }
        if (value instanceof Record record && !(value instanceof UnknownEnum) && !(value instanceof OpaqueValue))
        {
            out.println(indent + label + record.getClass().getName());
            final RecordComponent[] components = record.getClass().getRecordComponents();
            for (final RecordComponent component : components)
            {
                out.println(indent + "    ." + component.getName() + " = " + format(component(record, component)));
            }
            return;
        }
        out.println(indent + label + format(value));
    }

    static String format(final Object value)
    {
        return switch (value)
        {
            case null -> "null";
            case String s -> '"' + s + '"';
            case Character c -> "'" + c + "'";
            case byte[] bytes -> hex(bytes);
            case Object[] tuple -> "(" + String.join(", ", formatAll(Arrays.asList(tuple))) + ")";
            case UnknownRecord record ->
            {
                final List<String> parts = new ArrayList<>();
                for (int i = 0; i < record.components().size(); i++)
                {
                    parts.add("#" + i + "=" + format(record.components().get(i)));
                }
                yield record.className() + "(" + String.join(", ", parts) + ")";
            }
            case UnknownEnum constant -> constant.className() + "#" + constant.ordinal();
            case OpaqueValue opaque -> opaque.className() + " " + hex(opaque.bytes());
            case Record record ->
            {
                final List<String> parts = new ArrayList<>();
                for (final RecordComponent component : record.getClass().getRecordComponents())
                {
                    parts.add(component.getName() + "=" + format(component(record, component)));
                }
                yield record.getClass().getSimpleName() + "(" + String.join(", ", parts) + ")";
            }
            case Enum<?> constant -> constant.name();
            case Map<?, ?> map ->
            {
                final List<String> parts = new ArrayList<>();
                map.forEach((k, v) -> parts.add(format(k) + "=" + format(v)));
                yield "{" + String.join(", ", parts) + "}";
            }
            case java.util.Collection<?> collection -> "[" + String.join(", ", formatAll(collection)) + "]";
            case Optional<?> optional -> optional.map(v -> "Optional[" + format(v) + "]").orElse("Optional.empty");
            case int[] a -> Arrays.toString(a);
            case long[] a -> Arrays.toString(a);
            case double[] a -> Arrays.toString(a);
            case float[] a -> Arrays.toString(a);
            case short[] a -> Arrays.toString(a);
            case char[] a -> Arrays.toString(a);
            case boolean[] a -> Arrays.toString(a);
            case java.nio.ByteBuffer buffer ->
            {
                final byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                yield "ByteBuffer " + hex(bytes);
            }
            default -> String.valueOf(value);
        };
    }

    private static List<String> formatAll(final java.util.Collection<?> values)
    {
        final List<String> parts = new ArrayList<>();
        for (final Object value : values)
        {
            parts.add(format(value));
        }
        return parts;
    }

    private static String hex(final byte[] bytes)
    {
        return "byte[" + bytes.length + "] " + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, HEX_BYTES)) +
            (bytes.length > HEX_BYTES ? "..." : "");
    }

    private static Object component(final Record record, final RecordComponent component)
    {
        try
        {
            component.getAccessor().trySetAccessible();
            return component.getAccessor().invoke(record);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return "(cannot read: " + ex + ")";
        }
    }
}
