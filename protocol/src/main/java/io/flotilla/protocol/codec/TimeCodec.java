package io.flotilla.protocol.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
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

/**
 * {@code java.time} values in fixed-size fields (see {@link Tags}); a zoned date-time adds its zone id. Read back
 * through the types' factories, which refuse fields out of range.
 */
final class TimeCodec
{
    private static final int DATE_BYTES = Integer.BYTES + 2;
    private static final int MAX_ZONE_ID = 128;

    private TimeCodec()
    {
    }

    static int length(final byte tag, final Object value)
    {
        return switch (tag)
        {
            case Tags.INSTANT, Tags.DURATION -> Long.BYTES + Integer.BYTES;
            case Tags.LOCAL_DATE -> DATE_BYTES;
            case Tags.LOCAL_TIME -> Long.BYTES;
            case Tags.LOCAL_DATE_TIME -> DATE_BYTES + Long.BYTES;
            case Tags.OFFSET_DATE_TIME -> DATE_BYTES + Long.BYTES + Integer.BYTES;
            case Tags.PERIOD -> 3 * Integer.BYTES;
            default ->
            {
                final int zone = ((ZonedDateTime)value).getZone().getId().getBytes(StandardCharsets.UTF_8).length;
                yield DATE_BYTES + Long.BYTES + Integer.BYTES + VarInts.length(zone) + zone;
            }
        };
    }

    static int write(final byte tag, final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        switch (tag)
        {
            case Tags.INSTANT:
            {
                final Instant instant = (Instant)value;
                buffer.putLong(offset, instant.getEpochSecond());
                buffer.putInt(offset + Long.BYTES, instant.getNano());
                return offset + Long.BYTES + Integer.BYTES;
            }
            case Tags.DURATION:
            {
                final Duration duration = (Duration)value;
                buffer.putLong(offset, duration.getSeconds());
                buffer.putInt(offset + Long.BYTES, duration.getNano());
                return offset + Long.BYTES + Integer.BYTES;
            }
            case Tags.LOCAL_DATE:
                return putDate(buffer, offset, (LocalDate)value);
            case Tags.LOCAL_TIME:
                buffer.putLong(offset, ((LocalTime)value).toNanoOfDay());
                return offset + Long.BYTES;
            case Tags.LOCAL_DATE_TIME:
                return putDateTime(buffer, offset, (LocalDateTime)value);
            case Tags.OFFSET_DATE_TIME:
            {
                final OffsetDateTime dateTime = (OffsetDateTime)value;
                final int at = putDateTime(buffer, offset, dateTime.toLocalDateTime());
                buffer.putInt(at, dateTime.getOffset().getTotalSeconds());
                return at + Integer.BYTES;
            }
            case Tags.PERIOD:
            {
                final Period period = (Period)value;
                buffer.putInt(offset, period.getYears());
                buffer.putInt(offset + Integer.BYTES, period.getMonths());
                buffer.putInt(offset + 2 * Integer.BYTES, period.getDays());
                return offset + 3 * Integer.BYTES;
            }
            default:
            {
                final ZonedDateTime dateTime = (ZonedDateTime)value;
                int at = putDateTime(buffer, offset, dateTime.toLocalDateTime());
                buffer.putInt(at, dateTime.getOffset().getTotalSeconds());
                at += Integer.BYTES;
                final byte[] zone = dateTime.getZone().getId().getBytes(StandardCharsets.UTF_8);
                at = VarInts.put(buffer, at, zone.length);
                buffer.putBytes(at, zone);
                return at + zone.length;
            }
        }
    }

    private static int putDate(final MutableDirectBuffer buffer, final int offset, final LocalDate date)
    {
        buffer.putInt(offset, date.getYear());
        buffer.putByte(offset + Integer.BYTES, (byte)date.getMonthValue());
        buffer.putByte(offset + Integer.BYTES + 1, (byte)date.getDayOfMonth());
        return offset + DATE_BYTES;
    }

    private static int putDateTime(final MutableDirectBuffer buffer, final int offset, final LocalDateTime dateTime)
    {
        final int at = putDate(buffer, offset, dateTime.toLocalDate());
        buffer.putLong(at, dateTime.toLocalTime().toNanoOfDay());
        return at + Long.BYTES;
    }

    static Object read(final byte tag, final WireReader reader)
    {
        return switch (tag)
        {
            case Tags.INSTANT -> Instant.ofEpochSecond(reader.getLong(), nanos(reader));
            case Tags.DURATION -> Duration.ofSeconds(reader.getLong(), nanos(reader));
            case Tags.LOCAL_DATE -> getDate(reader);
            case Tags.LOCAL_TIME -> LocalTime.ofNanoOfDay(reader.getLong());
            case Tags.LOCAL_DATE_TIME -> getDateTime(reader);
            case Tags.OFFSET_DATE_TIME -> OffsetDateTime.of(getDateTime(reader), ZoneOffset.ofTotalSeconds(reader.getInt()));
            case Tags.PERIOD -> Period.of(reader.getInt(), reader.getInt(), reader.getInt());
            default ->
            {
                final LocalDateTime dateTime = getDateTime(reader);
                final ZoneOffset offset = ZoneOffset.ofTotalSeconds(reader.getInt());
                final int length = reader.getSize(1);
                if (length > MAX_ZONE_ID)
                {
                    throw reader.corrupt("zone id too long: length=" + length);
                }
                final ZoneId zone = ZoneId.of(new String(reader.getBytes(length), StandardCharsets.UTF_8));
                yield ZonedDateTime.ofLocal(dateTime, zone, offset);
            }
        };
    }

    private static int nanos(final WireReader reader)
    {
        final int nanos = reader.getInt();
        if (nanos < 0 || nanos > 999_999_999)
        {
            throw reader.corrupt("nanoseconds out of range: nanos=" + nanos);
        }
        return nanos;
    }

    private static LocalDate getDate(final WireReader reader)
    {
        final int year = reader.getInt();
        final int month = reader.getByte();
        final int day = reader.getByte();
        return LocalDate.of(year, month, day);
    }

    private static LocalDateTime getDateTime(final WireReader reader)
    {
        final LocalDate date = getDate(reader);
        return LocalDateTime.of(date, LocalTime.ofNanoOfDay(reader.getLong()));
    }
}
