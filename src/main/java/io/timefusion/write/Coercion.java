package io.timefusion.write;

import io.timefusion.catalog.ColumnType;
import io.timefusion.error.SqlState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * PostgreSQL's assignment casts from the Java values of parameters and typed constants (see
 * {@link io.timefusion.sql.SqlSession} for their shapes) to what a column stores. Text is parsed
 * with the column type's input function.
 */
public final class Coercion {
  private static final DateTimeFormatter TS_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  private Coercion() {}

  static long toLong(Object v, boolean int4) {
    long r;
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      r = ((Number) v).longValue();
    } else if (v instanceof String s) {
      char[] c = s.toCharArray();
      return TextInput.parseInt(c, 0, c.length, int4);
    } else if (v instanceof BigDecimal d) {
      BigDecimal rounded = d.setScale(0, RoundingMode.HALF_UP); // numeric rounds half away from zero
      if (rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || rounded.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
        throw ValueException.range(int4 ? "integer" : "bigint", d.toPlainString());
      }
      r = rounded.longValue();
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      double rounded = Math.rint(d); // float8 rounds half to even
      if (Double.isNaN(d) || rounded >= 0x1p63 || rounded < -0x1p63) throw new ValueException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, (int4 ? "integer" : "bigint") + " out of range", null);
      r = (long) rounded;
    } else {
      throw ValueException.mismatch(typeOf(v));
    }
    if (int4 && (r < Integer.MIN_VALUE || r > Integer.MAX_VALUE)) {
      throw new ValueException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range", null);
    }
    return r;
  }

  static double toDouble(Object v) {
    if (v instanceof Number n && !(v instanceof BigDecimal)) return n.doubleValue();
    if (v instanceof BigDecimal d) return d.doubleValue();
    if (v instanceof String s) {
      char[] c = s.toCharArray();
      return TextInput.parseFloat8(c, 0, c.length);
    }
    throw ValueException.mismatch(typeOf(v));
  }

  static boolean toBool(Object v) {
    if (v instanceof Boolean b) return b;
    if (v instanceof String s) {
      char[] c = s.toCharArray();
      return TextInput.parseBool(c, 0, c.length);
    }
    throw ValueException.mismatch(typeOf(v));
  }

  /** Days since the epoch; a timestamptz is taken at its UTC day (the session time zone is UTC). */
  public static int toDate(Object v) {
    if (v instanceof LocalDate d) return (int) d.toEpochDay();
    if (v instanceof String s) {
      char[] c = s.toCharArray();
      return TextInput.parseDate(c, 0, c.length);
    }
    if (v instanceof LocalDateTime || v instanceof OffsetDateTime || v instanceof Instant || v instanceof ZonedDateTime) {
      return (int) Math.floorDiv(toMicros(v), TextInput.MICROS_PER_DAY);
    }
    throw ValueException.mismatch(typeOf(v));
  }

  /** Microseconds since the epoch UTC; a timestamp without zone is read as UTC. */
  public static long toMicros(Object v) {
    if (v instanceof OffsetDateTime t) return micros(t.toEpochSecond(), t.getNano());
    if (v instanceof LocalDateTime t) return micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
    if (v instanceof Instant t) return micros(t.getEpochSecond(), t.getNano());
    if (v instanceof ZonedDateTime t) return micros(t.toEpochSecond(), t.getNano());
    if (v instanceof LocalDate d) return d.toEpochDay() * TextInput.MICROS_PER_DAY;
    if (v instanceof String s) {
      char[] c = s.toCharArray();
      return TextInput.parseTimestamp(c, 0, c.length, true);
    }
    throw ValueException.mismatch(typeOf(v));
  }

  /**
   * Timestamp text as PostgreSQL reads it, in microseconds since the epoch UTC ({@code withZone}:
   * a timestamptz; without, a written offset is ignored as timestamp input ignores it), including
   * {@code now}, {@code today}, {@code epoch} and the like; null when the text is no timestamp
   * this reads (infinity among them) or is out of range.
   */
  public static Long timestampMicros(String text, boolean withZone) {
    char[] c = text.toCharArray();
    try {
      return TextInput.parseTimestamp(c, 0, c.length, withZone);
    } catch (ValueException e) {
      return null;
    }
  }

  /** Date text as PostgreSQL reads it, in days since the epoch; null when it is no date this reads. */
  public static Integer dateDays(String text) {
    try {
      return toDate(text);
    } catch (ValueException e) {
      return null;
    }
  }

  /** Boolean text as PostgreSQL reads it ({@code t}, {@code yes}, {@code off}, {@code 1}...); null when it is none. */
  public static Boolean bool(String text) {
    try {
      return toBool(text);
    } catch (ValueException e) {
      return null;
    }
  }

  private static long micros(long seconds, int nanos) {
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), (nanos + 500) / 1000);
  }

  /** Text output of a value, as PostgreSQL's I/O conversion cast would produce it. */
  static String toText(Object v) {
    if (v instanceof String s) return s;
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof UUID) return v.toString();
    if (v instanceof Boolean b) return b ? "true" : "false";
    if (v instanceof BigDecimal d) return d.toPlainString();
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
      if (Double.isNaN(d)) return "NaN";
      if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
      return Double.toString(d);
    }
    if (v instanceof LocalDate d) return d.toString();
    if (v instanceof LocalDateTime t) return TS_TEXT.format(t);
    if (v instanceof OffsetDateTime || v instanceof Instant || v instanceof ZonedDateTime) {
      long m = toMicros(v);
      return TS_TEXT.format(LocalDateTime.ofEpochSecond(Math.floorDiv(m, 1_000_000L), (int) Math.floorMod(m, 1_000_000L) * 1000, ZoneOffset.UTC)) + "+00";
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder("{");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) b.append(',');
        Object e = l.get(i);
        if (e == null) {
          b.append("NULL");
          continue;
        }
        String t = toText(e);
        boolean quote = t.isEmpty() || t.equalsIgnoreCase("null");
        for (int k = 0; k < t.length() && !quote; k++) quote = " {},\"\\".indexOf(t.charAt(k)) >= 0;
        if (!quote) b.append(t);
        else b.append('"').append(t.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
      return b.append('}').toString();
    }
    throw ValueException.mismatch(typeOf(v));
  }

  /** JSON text, checked to be one JSON value; stored as given (json keeps the input text). */
  static String toJson(Object v) {
    if (v instanceof String s) {
      char[] c = s.toCharArray();
      TextInput.validateJson(c, 0, c.length);
      return s;
    }
    throw ValueException.mismatch(typeOf(v));
  }

  /** An array value for a list column: elements converted to Long, Double or String; nulls kept. */
  static List<Object> toList(Object v, ColumnType element) {
    List<?> in;
    if (v instanceof List<?> l) in = l;
    else if (v instanceof Object[] a) in = Arrays.asList(a);
    else if (v instanceof String s) {
      char[] c = s.toCharArray();
      in = TextInput.parseArray(c, 0, c.length);
    } else throw ValueException.mismatch(typeOf(v));
    List<Object> out = new ArrayList<>(in.size());
    for (Object e : in) out.add(e == null ? null : element(e, element));
    return out;
  }

  static Object element(Object e, ColumnType element) {
    return switch (element) {
      case INT8 -> toLong(e, false);
      case FLOAT8 -> toDouble(e);
      case TEXT -> toText(e);
      default -> throw new IllegalStateException("no list of " + element);
    };
  }

  /** PostgreSQL's name for the type of a Java value, for type-mismatch messages. */
  static String typeOf(Object v) {
    if (v instanceof Boolean) return "boolean";
    if (v instanceof Integer || v instanceof Short) return "integer";
    if (v instanceof Long) return "bigint";
    if (v instanceof Double || v instanceof Float) return "double precision";
    if (v instanceof BigDecimal) return "numeric";
    if (v instanceof LocalDate) return "date";
    if (v instanceof LocalDateTime) return "timestamp without time zone";
    if (v instanceof OffsetDateTime || v instanceof Instant || v instanceof ZonedDateTime) return "timestamp with time zone";
    if (v instanceof UUID) return "uuid";
    if (v instanceof List<?> l) return l.isEmpty() || l.get(0) == null ? "text[]" : typeOf(l.get(0)) + "[]";
    if (v instanceof byte[]) return "bytea";
    return v.getClass().getSimpleName();
  }
}
