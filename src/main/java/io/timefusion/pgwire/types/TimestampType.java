package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * timestamp without time zone, carried as LocalDateTime (MAX/MIN for ±infinity); binary is
 * microseconds since 2000-01-01.
 */
public final class TimestampType extends PgType {
  TimestampType() {
    super(PgTypeId.TIMESTAMP);
  }

  static LocalDateTime local(Object value) {
    if (value instanceof LocalDateTime t) {
      return t;
    }
    if (value instanceof OffsetDateTime t) {
      return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    if (value instanceof java.time.Instant i) {
      return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    return LocalDateTime.parse(value.toString());
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    LocalDateTime t = local(value);
    if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
      out.writeUtf8(t.equals(LocalDateTime.MAX) ? "infinity" : "-infinity");
    } else {
      DateTimeText.writeTimestamp(t, out, false);
    }
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    LocalDateTime t = local(value);
    if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
      out.writeLong(t.equals(LocalDateTime.MAX) ? Long.MAX_VALUE : Long.MIN_VALUE);
    } else {
      out.writeLong(DateTimeText.toPgMicros(t));
    }
  }

  static DateTimeText.Parsed parse(String text, String typeName) {
    DateTimeText.Parsed p = DateTimeText.parse(text);
    if (p == null) {
      throw new PgException(
          SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }
    return p;
  }

  @Override
  public Object readText(String text) {
    DateTimeText.Parsed p = parse(text, name());
    if (p.infinity() != 0) {
      return p.infinity() > 0 ? LocalDateTime.MAX : LocalDateTime.MIN;
    }
    return DateTimeText.toMicros(p.local());
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 8);
    long micros = getLong(buf, off);
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      return micros > 0 ? LocalDateTime.MAX : LocalDateTime.MIN;
    }
    return DateTimeText.fromPgMicros(micros);
  }
}
