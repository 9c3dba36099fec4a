package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import java.time.LocalDate;

/** date, carried as LocalDate (LocalDate.MAX/MIN for ±infinity); binary is days since 2000-01-01. */
public final class DateType extends PgType {
  DateType() {
    super(PgTypeId.DATE);
  }

  private static LocalDate date(Object value) {
    if (value instanceof LocalDate d) {
      return d;
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (value instanceof java.time.LocalDateTime t) {
      return t.toLocalDate();
    }
    return LocalDate.parse(value.toString());
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    LocalDate d = date(value);
    if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
      out.writeUtf8(d.equals(LocalDate.MAX) ? "infinity" : "-infinity");
    } else if (DateTimeText.writeDate(d, out)) {
      out.writeUtf8(" BC");
    }
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    LocalDate d = date(value);
    if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
      out.writeInt(d.equals(LocalDate.MAX) ? Integer.MAX_VALUE : Integer.MIN_VALUE);
    } else {
      out.writeInt((int) (d.toEpochDay() - DateTimeText.PG_EPOCH_DAYS));
    }
  }

  @Override
  public Object readText(String text) {
    DateTimeText.Parsed p = DateTimeText.parse(text);
    if (p == null) {
      throw new io.timefusion.error.PgException(
          io.timefusion.error.SqlState.INVALID_DATETIME_FORMAT,
          "invalid input syntax for type date: \"" + text + "\"");
    }
    if (p.infinity() != 0) {
      return p.infinity() > 0 ? LocalDate.MAX : LocalDate.MIN;
    }
    return p.local().toLocalDate();
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 4);
    int days = getInt(buf, off);
    if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
      return days > 0 ? LocalDate.MAX : LocalDate.MIN;
    }
    return LocalDate.ofEpochDay(days + DateTimeText.PG_EPOCH_DAYS);
  }
}
