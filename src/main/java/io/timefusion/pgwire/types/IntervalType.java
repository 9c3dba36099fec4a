package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * interval, carried as text PostgreSQL and DuckDB both read ("1 year 2 mons -3 days 04:05:06.5":
 * PostgreSQL's IntervalStyle postgres without the "+" it prints before a time after a negative
 * field, which DuckDB does not accept); binary is microseconds (int8), days (int4), months (int4).
 * Text output is PostgreSQL's, whatever form the value comes in (DuckDB writes "2 months").
 */
public final class IntervalType extends PgType {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  IntervalType() {
    super(PgTypeId.INTERVAL);
  }

  /** The three fields PostgreSQL stores. */
  record Fields(int months, int days, long micros) {}

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeUtf8(format(parse(value.toString()), true));
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    Fields f = parse(value.toString());
    out.writeLong(f.micros()).writeInt(f.days()).writeInt(f.months());
  }

  @Override
  public Object readText(String text) {
    return format(parse(text), false);
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 16);
    return format(new Fields(getInt(buf, off + 12), getInt(buf, off + 8), getLong(buf, off)), false);
  }

  /**
   * PostgreSQL's interval_out in the postgres style; {@code plus} says whether a time after a
   * negative field gets its "+", as PostgreSQL prints it (the value is the same without).
   */
  static String format(Fields f, boolean plus) {
    StringBuilder sb = new StringBuilder();
    boolean[] state = {true, false}; // isZero, isBefore
    part(sb, f.months() / 12, "year", state);
    part(sb, f.months() % 12, "mon", state);
    part(sb, f.days(), "day", state);
    long micros = f.micros();
    if (state[0] || micros != 0) {
      long abs = Math.abs(micros);
      long hours = abs / 3_600_000_000L;
      int minutes = (int) (abs / 60_000_000L % 60);
      int seconds = (int) (abs / 1_000_000L % 60);
      int fraction = (int) (abs % 1_000_000L);
      if (!state[0]) {
        sb.append(' ');
      }
      sb.append(micros < 0 ? "-" : state[1] && plus ? "+" : "");
      sb.append(hours < 10 ? "0" : "").append(hours).append(':');
      sb.append(minutes < 10 ? "0" : "").append(minutes).append(':');
      sb.append(seconds < 10 ? "0" : "").append(seconds);
      if (fraction != 0) {
        String frac = String.format(Locale.ROOT, "%06d", fraction).replaceAll("0+$", "");
        sb.append('.').append(frac);
      }
    }
    return sb.toString();
  }

  private static void part(StringBuilder sb, long value, String unit, boolean[] state) {
    if (value == 0) {
      return;
    }
    if (!state[0]) {
      sb.append(' ');
    }
    if (state[1] && value > 0) {
      sb.append('+');
    }
    sb.append(value).append(' ').append(unit).append(value != 1 ? "s" : "");
    state[1] = value < 0;
    state[0] = false;
  }

  /** Reads the postgres-style and verbose ("@ 1 day ago") forms, with the usual unit names. */
  Fields parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("@")) {
      s = s.substring(1).strip();
    }
    boolean ago = s.endsWith(" ago") || s.equals("ago");
    if (ago) {
      s = s.substring(0, s.length() - 3).strip();
    }
    String[] tokens = s.isEmpty() ? new String[0] : s.split("\\s+");
    if (tokens.length == 0) {
      throw invalidText(text);
    }
    long months = 0;
    long days = 0;
    BigDecimal micros = BigDecimal.ZERO;
    try {
      for (int i = 0; i < tokens.length; i++) {
        String t = tokens[i];
        if (t.indexOf(':') >= 0) {
          micros = micros.add(BigDecimal.valueOf(parseTime(t)));
          continue;
        }
        String number = t;
        String unit;
        int split = 0;
        while (split < t.length() && (Character.isDigit(t.charAt(split)) || "+-.".indexOf(t.charAt(split)) >= 0)) {
          split++;
        }
        if (split < t.length()) {
          number = t.substring(0, split);
          unit = t.substring(split);
        } else if (i + 1 < tokens.length) {
          unit = tokens[++i];
        } else {
          unit = "second";
        }
        BigDecimal n = new BigDecimal(number);
        switch (unit) {
          case "millennium", "millennia", "millenniums" -> months += n.multiply(BigDecimal.valueOf(12000)).longValueExact();
          case "century", "centuries" -> months += n.multiply(BigDecimal.valueOf(1200)).longValueExact();
          case "decade", "decades" -> months += n.multiply(BigDecimal.valueOf(120)).longValueExact();
          case "y", "year", "years", "yr", "yrs" -> months += n.multiply(BigDecimal.valueOf(12)).longValueExact();
          case "mon", "mons", "month", "months" -> {
            months += n.longValue();
            BigDecimal frac = n.subtract(BigDecimal.valueOf(n.longValue())).multiply(BigDecimal.valueOf(30));
            days += frac.longValue();
            micros = micros.add(frac.subtract(BigDecimal.valueOf(frac.longValue())).multiply(BigDecimal.valueOf(MICROS_PER_DAY)));
          }
          case "w", "week", "weeks" -> {
            BigDecimal d = n.multiply(BigDecimal.valueOf(7));
            days += d.longValue();
            micros = micros.add(d.subtract(BigDecimal.valueOf(d.longValue())).multiply(BigDecimal.valueOf(MICROS_PER_DAY)));
          }
          case "d", "day", "days" -> {
            days += n.longValue();
            micros = micros.add(n.subtract(BigDecimal.valueOf(n.longValue())).multiply(BigDecimal.valueOf(MICROS_PER_DAY)));
          }
          case "h", "hour", "hours", "hr", "hrs" -> micros = micros.add(n.multiply(BigDecimal.valueOf(3_600_000_000L)));
          case "m", "min", "mins", "minute", "minutes" -> micros = micros.add(n.multiply(BigDecimal.valueOf(60_000_000L)));
          case "s", "sec", "secs", "second", "seconds" -> micros = micros.add(n.multiply(BigDecimal.valueOf(1_000_000L)));
          case "ms", "msec", "msecs", "millisecond", "milliseconds" -> micros = micros.add(n.multiply(BigDecimal.valueOf(1000)));
          case "us", "usec", "usecs", "microsecond", "microseconds" -> micros = micros.add(n);
          default -> throw invalidText(text);
        }
      }
      long m = micros.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
      Fields f = new Fields(Math.toIntExact(months), Math.toIntExact(days), m);
      return ago ? new Fields(-f.months(), -f.days(), -f.micros()) : f;
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalidText(text);
    }
  }

  private static long parseTime(String t) {
    boolean negative = t.startsWith("-");
    if (negative || t.startsWith("+")) {
      t = t.substring(1);
    }
    String[] parts = t.split(":");
    if (parts.length < 2 || parts.length > 3) {
      throw new NumberFormatException(t);
    }
    long micros = Long.parseLong(parts[0]) * 3_600_000_000L + Long.parseLong(parts[1]) * 60_000_000L;
    if (parts.length == 3) {
      micros += new BigDecimal(parts[2]).multiply(BigDecimal.valueOf(1_000_000L)).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
    return negative ? -micros : micros;
  }
}
