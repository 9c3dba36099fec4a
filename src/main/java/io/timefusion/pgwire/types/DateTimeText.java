package io.timefusion.pgwire.types;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/** Reads and writes PostgreSQL's ISO date/time text, shared by date, timestamp and timestamptz. */
final class DateTimeText {
  static final long PG_EPOCH_SECONDS = 946_684_800L; // 2000-01-01T00:00:00Z
  static final long PG_EPOCH_DAYS = 10_957L;

  private DateTimeText() {}

  /** What a date/time literal said: its local value, its zone offset if it had one, or infinity. */
  record Parsed(LocalDateTime local, ZoneOffset offset, int infinity) {}

  /** Returns null when the text is not a date/time literal this parser understands. */
  static Parsed parse(String text) {
    String s = text.strip();
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("infinity") || lower.equals("+infinity")) {
      return new Parsed(null, null, 1);
    }
    if (lower.equals("-infinity")) {
      return new Parsed(null, null, -1);
    }
    boolean bc = false;
    if (lower.endsWith(" bc")) {
      bc = true;
      s = s.substring(0, s.length() - 3).strip();
    } else if (lower.endsWith(" ad")) {
      s = s.substring(0, s.length() - 3).strip();
    }
    try {
      int[] pos = {0};
      int year = digits(s, pos, 1, 9);
      expect(s, pos, '-');
      int month = digits(s, pos, 1, 2);
      expect(s, pos, '-');
      int day = digits(s, pos, 1, 2);
      if (bc) {
        year = 1 - year;
      }
      LocalDate date = LocalDate.of(year, month, day);
      LocalTime time = LocalTime.MIDNIGHT;
      int p = pos[0];
      if (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == 'T' || s.charAt(p) == 't')) {
        int q = p + 1;
        while (q < s.length() && s.charAt(q) == ' ') {
          q++;
        }
        if (q < s.length() && Character.isDigit(s.charAt(q)) && s.indexOf(':', q) > q) {
          pos[0] = q;
          int hour = digits(s, pos, 1, 2);
          expect(s, pos, ':');
          int minute = digits(s, pos, 1, 2);
          int second = 0;
          int nanos = 0;
          if (pos[0] < s.length() && s.charAt(pos[0]) == ':') {
            pos[0]++;
            second = digits(s, pos, 1, 2);
            if (pos[0] < s.length() && s.charAt(pos[0]) == '.') {
              pos[0]++;
              int start = pos[0];
              int frac = digits(s, pos, 1, 9);
              for (int k = pos[0] - start; k < 9; k++) {
                frac *= 10;
              }
              nanos = frac;
            }
          }
          if (hour == 24 && minute == 0 && second == 0 && nanos == 0) {
            date = date.plusDays(1);
          } else {
            time = LocalTime.of(hour, minute, second, nanos);
          }
        }
      }
      ZoneOffset offset = parseZone(s.substring(pos[0]).strip());
      return new Parsed(LocalDateTime.of(date, time), offset, 0);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ZoneOffset parseZone(String z) {
    if (z.isEmpty()) {
      return null;
    }
    String u = z.toUpperCase(java.util.Locale.ROOT);
    if (u.equals("Z") || u.equals("UTC") || u.equals("GMT") || u.equals("+00") || u.equals("-00")) {
      return ZoneOffset.UTC;
    }
    char sign = z.charAt(0);
    if (sign != '+' && sign != '-') {
      throw new IllegalArgumentException(z);
    }
    String body = z.substring(1).replace(":", "");
    int h;
    int m = 0;
    int sec = 0;
    switch (body.length()) {
      case 1, 2 -> h = Integer.parseInt(body);
      case 4 -> {
        h = Integer.parseInt(body, 0, 2, 10);
        m = Integer.parseInt(body, 2, 4, 10);
      }
      case 6 -> {
        h = Integer.parseInt(body, 0, 2, 10);
        m = Integer.parseInt(body, 2, 4, 10);
        sec = Integer.parseInt(body, 4, 6, 10);
      }
      default -> throw new IllegalArgumentException(z);
    }
    int total = h * 3600 + m * 60 + sec;
    return ZoneOffset.ofTotalSeconds(sign == '-' ? -total : total);
  }

  private static int digits(String s, int[] pos, int min, int max) {
    int p = pos[0];
    int v = 0;
    int n = 0;
    while (p < s.length() && n < max && Character.isDigit(s.charAt(p))) {
      v = v * 10 + (s.charAt(p) - '0');
      p++;
      n++;
    }
    if (n < min) {
      throw new IllegalArgumentException(s);
    }
    pos[0] = p;
    return v;
  }

  private static void expect(String s, int[] pos, char c) {
    if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
      throw new IllegalArgumentException(s);
    }
    pos[0]++;
  }

  /** Writes {@code yyyy-mm-dd}, with " BC" deferred to the caller via the return value. */
  static boolean writeDate(LocalDate d, WireBuffer out) {
    int year = d.getYear();
    boolean bc = year <= 0;
    if (bc) {
      year = 1 - year;
    }
    if (year < 10000) {
      out.writePadded(year, 4);
    } else {
      out.writeAsciiLong(year);
    }
    out.writeByte('-').writePadded(d.getMonthValue(), 2).writeByte('-').writePadded(d.getDayOfMonth(), 2);
    return bc;
  }

  /** Writes {@code hh:mm:ss} and the fraction of a second, trailing zeros trimmed, if any. */
  static void writeTime(LocalTime t, WireBuffer out) {
    out.writePadded(t.getHour(), 2).writeByte(':').writePadded(t.getMinute(), 2).writeByte(':');
    out.writePadded(t.getSecond(), 2);
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      int width = 6;
      while (micros % 10 == 0) {
        micros /= 10;
        width--;
      }
      out.writeByte('.').writePadded(micros, width);
    }
  }

  /** Rounds to microseconds, PostgreSQL's precision. */
  static LocalDateTime toMicros(LocalDateTime t) {
    int nanos = t.getNano();
    if (nanos % 1000 == 0) {
      return t;
    }
    return t.plusNanos(500).withNano((t.plusNanos(500).getNano() / 1000) * 1000);
  }

  static void writeTimestamp(LocalDateTime t, WireBuffer out, boolean withZone) {
    t = toMicros(t);
    boolean bc = writeDate(t.toLocalDate(), out);
    out.writeByte(' ');
    writeTime(t.toLocalTime(), out);
    if (withZone) {
      out.writeUtf8("+00");
    }
    if (bc) {
      out.writeUtf8(" BC");
    }
  }

  static long toPgMicros(LocalDateTime t) {
    t = toMicros(t);
    long seconds = t.toEpochSecond(ZoneOffset.UTC) - PG_EPOCH_SECONDS;
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), t.getNano() / 1000);
  }

  static LocalDateTime fromPgMicros(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int micro = (int) Math.floorMod(micros, 1_000_000L);
    return LocalDateTime.ofEpochSecond(seconds + PG_EPOCH_SECONDS, micro * 1000, ZoneOffset.UTC);
  }
}
