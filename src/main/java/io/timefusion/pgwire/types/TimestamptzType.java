package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * timestamp with time zone, carried as OffsetDateTime in UTC (MAX/MIN for ±infinity). The session
 * time zone is UTC, so text output always ends in "+00"; binary is microseconds since 2000-01-01 UTC.
 */
public final class TimestamptzType extends PgType {
  TimestamptzType() {
    super(PgTypeId.TIMESTAMPTZ);
  }

  private static boolean isInfinite(Object value) {
    return value instanceof OffsetDateTime t && (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN));
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    if (isInfinite(value)) {
      out.writeUtf8(value.equals(OffsetDateTime.MAX) ? "infinity" : "-infinity");
    } else {
      DateTimeText.writeTimestamp(TimestampType.local(value), out, true);
    }
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    if (isInfinite(value)) {
      out.writeLong(value.equals(OffsetDateTime.MAX) ? Long.MAX_VALUE : Long.MIN_VALUE);
    } else {
      out.writeLong(DateTimeText.toPgMicros(TimestampType.local(value)));
    }
  }

  @Override
  public Object readText(String text) {
    DateTimeText.Parsed p = TimestampType.parse(text, name());
    if (p.infinity() != 0) {
      return p.infinity() > 0 ? OffsetDateTime.MAX : OffsetDateTime.MIN;
    }
    ZoneOffset offset = p.offset() == null ? ZoneOffset.UTC : p.offset();
    LocalDateTime utc = p.local().atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    return DateTimeText.toMicros(utc).atOffset(ZoneOffset.UTC);
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 8);
    long micros = getLong(buf, off);
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      return micros > 0 ? OffsetDateTime.MAX : OffsetDateTime.MIN;
    }
    return DateTimeText.fromPgMicros(micros).atOffset(ZoneOffset.UTC);
  }
}
