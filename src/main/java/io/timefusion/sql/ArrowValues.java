package io.timefusion.sql;

import static io.timefusion.catalog.PgTypeId.TEXT;

import io.timefusion.catalog.PgTypeId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.TimeStampSecVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * The values of a DuckDB result exported as Arrow, as the same Java objects that {@link
 * ResultTypes#convert} makes of the JDBC driver's values: a streamed result is indistinguishable
 * from a materialized one. Only the DuckDB types listed in {@link #streams} are read this way
 * (each checked against the JDBC path by {@code ArrowValuesTest}); a result with any other type
 * is read through JDBC.
 */
final class ArrowValues {
  /** Scalar DuckDB types (JDBC metadata names, upper case) whose Arrow form converts exactly. */
  private static final Set<String> SCALARS =
      Set.of(
          "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
          "HUGEINT", "FLOAT", "DOUBLE", "VARCHAR", "JSON", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP_S",
          "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE", "INTERVAL", "UUID", "BLOB");

  /** Element types of lists that convert exactly (a list of blobs prints its elements differently). */
  private static final Set<String> NOT_LIST_ELEMENTS = Set.of("BLOB");

  /** The struct of an integer average and the prefix of any average (see {@link ResultTypes}). */
  private static final String INTEGER_AVERAGE = "STRUCT(TF_AVG DOUBLE, TF_SUM HUGEINT, TF_COUNT BIGINT)";
  private static final String AVERAGE = "STRUCT(TF_AVG DOUBLE, ";

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
  private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

  private ArrowValues() {}

  /** Whether values of this DuckDB type (as JDBC metadata names it) can be read from Arrow. */
  static boolean streams(String duckType) {
    String t = duckType.toUpperCase(Locale.ROOT).trim();
    if (t.endsWith("[]")) {
      String element = t.substring(0, t.length() - 2);
      return !element.endsWith("[]") && !NOT_LIST_ELEMENTS.contains(element) && scalar(element);
    }
    return scalar(t) || t.equals(INTEGER_AVERAGE) || t.startsWith(AVERAGE);
  }

  private static boolean scalar(String t) {
    return SCALARS.contains(t) || t.startsWith("DECIMAL(");
  }

  /**
   * Row {@code row} of {@code v} as {@link ResultTypes#convert} gives the JDBC value of a column
   * whose PostgreSQL type is {@code oid} ({@code type} = {@code PgTypeId.byOid(oid)}).
   */
  static Object read(ValueVector v, int row, PgTypeId type, int oid) {
    if (v.isNull(row)) return null;
    if (type != null) {
      switch (type) {
        case INT2:
          return (short) integer(v, row);
        case INT4:
          return (int) integer(v, row);
        case INT8, OID:
          return integer(v, row);
        case FLOAT4:
          return ((Float4Vector) v).get(row);
        case FLOAT8:
          if (v instanceof StructVector average) return ((Float8Vector) average.getChildByOrdinal(0)).get(row);
          return ((Float8Vector) v).get(row);
        case NUMERIC:
          return numeric(v, row);
        case BOOL:
          return ((BitVector) v).get(row) != 0;
        case DATE:
          return ResultTypes.date(LocalDate.ofEpochDay(((DateDayVector) v).get(row)));
        case TIMESTAMP:
          return ResultTypes.timestamp(timestamp(v, row));
        case TIMESTAMPTZ:
          return ResultTypes.timestamptz(ResultTypes.epochMicros(((TimeStampMicroTZVector) v).get(row)).atOffset(ZoneOffset.UTC));
        case UUID:
          return java.util.UUID.fromString(text(v, row));
        case BYTEA:
          return ((VarBinaryVector) v).get(row);
        default:
          break;
      }
    }
    if (v instanceof ListVector list) return list(list, row, oid);
    return text(v, row);
  }

  private static long integer(ValueVector v, int row) {
    return switch (v) {
      case BigIntVector b -> b.get(row);
      case IntVector i -> i.get(row);
      case SmallIntVector s -> s.get(row);
      case TinyIntVector t -> t.get(row);
      case UInt1Vector u -> Byte.toUnsignedInt(u.get(row));
      case UInt2Vector u -> u.get(row);
      case UInt4Vector u -> Integer.toUnsignedLong(u.get(row));
      default -> throw new IllegalArgumentException("not an integer vector: " + v.getField());
    };
  }

  private static BigDecimal numeric(ValueVector v, int row) {
    return switch (v) {
      case DecimalVector d -> d.getObject(row);
      case UInt8Vector u -> new BigDecimal(new BigInteger(Long.toUnsignedString(u.get(row))));
      case StructVector average -> {
        // value, sum, count: the sum is HUGEINT, which DuckDB exports as DECIMAL(38, 0)
        ValueVector sum = average.getChildByOrdinal(1);
        ValueVector count = average.getChildByOrdinal(2);
        yield ResultTypes.integerAverage(numeric(sum, row), integer(count, row));
      }
      default -> BigDecimal.valueOf(integer(v, row));
    };
  }

  private static LocalDateTime timestamp(ValueVector v, int row) {
    return switch (v) {
      case TimeStampMicroVector t -> ResultTypes.epochMicros(t.get(row));
      case TimeStampMilliVector t -> epoch(Math.floorDiv(t.get(row), 1000L), Math.floorMod(t.get(row), 1000L) * 1_000_000);
      case TimeStampNanoVector t -> epoch(Math.floorDiv(t.get(row), 1_000_000_000L), Math.floorMod(t.get(row), 1_000_000_000L));
      case TimeStampSecVector t -> epoch(t.get(row), 0);
      default -> throw new IllegalArgumentException("not a timestamp vector: " + v.getField());
    };
  }

  private static LocalDateTime epoch(long seconds, long nanos) {
    return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
  }

  /** Values that the JDBC path turns into text with toString(). */
  private static String text(ValueVector v, int row) {
    return switch (v) {
      case VarCharVector s -> new String(s.get(row), StandardCharsets.UTF_8);
      case TimeMicroVector t -> ResultTypes.time(LocalTime.ofNanoOfDay(t.get(row) * 1000));
      case IntervalMonthDayNanoVector i ->
          duckDbInterval(
              IntervalMonthDayNanoVector.getMonths(i.getDataBuffer(), row),
              IntervalMonthDayNanoVector.getDays(i.getDataBuffer(), row),
              IntervalMonthDayNanoVector.getNanoseconds(i.getDataBuffer(), row) / 1000);
      // oid[] is sent as text[] (ResultTypes.oidOf): its elements as the numbers they are
      case UInt4Vector u -> Long.toString(Integer.toUnsignedLong(u.get(row)));
      default -> throw new IllegalArgumentException("no text form for " + v.getField());
    };
  }

  private static List<Object> list(ListVector list, int row, int arrayOid) {
    PgTypeId element = PgTypeId.byArrayOid(arrayOid);
    if (element == null) element = TEXT;
    ValueVector items = list.getDataVector();
    int start = list.getElementStartIndex(row);
    int end = list.getElementEndIndex(row);
    List<Object> out = new ArrayList<>(end - start);
    for (int i = start; i < end; i++) out.add(read(items, i, element, element.oid()));
    return out;
  }

  /** An interval as DuckDB prints it (its IntervalToStringCast), which is what JDBC returns. */
  static String duckDbInterval(int totalMonths, int days, long micros) {
    StringBuilder sb = new StringBuilder();
    int years = totalMonths / 12;
    part(sb, years, " year");
    part(sb, totalMonths - years * 12, " month");
    part(sb, days, " day");
    if (micros != 0) {
      if (!sb.isEmpty()) sb.append(' ');
      if (micros < 0) sb.append('-');
      // as DuckDB does: on the negative side, where Long.MIN_VALUE has a magnitude
      long m = micros < 0 ? micros : -micros;
      long hours = -(m / MICROS_PER_HOUR);
      m += hours * MICROS_PER_HOUR;
      long minutes = -(m / MICROS_PER_MINUTE);
      m += minutes * MICROS_PER_MINUTE;
      long seconds = -(m / MICROS_PER_SECOND);
      m += seconds * MICROS_PER_SECOND;
      m = -m;
      if (hours < 10) sb.append('0');
      sb.append(hours).append(':');
      twoDigits(sb, minutes).append(':');
      twoDigits(sb, seconds);
      if (m != 0) {
        String fraction = Long.toString(1_000_000 + m).substring(1);
        int length = 6;
        while (fraction.charAt(length - 1) == '0') length--;
        sb.append('.').append(fraction, 0, length);
      }
    } else if (sb.isEmpty()) {
      return "00:00:00";
    }
    return sb.toString();
  }

  private static void part(StringBuilder sb, int value, String name) {
    if (value == 0) return;
    if (!sb.isEmpty()) sb.append(' ');
    sb.append(value).append(name);
    if (value != 1 && value != -1) sb.append('s');
  }

  private static StringBuilder twoDigits(StringBuilder sb, long value) {
    if (value < 10) sb.append('0');
    return sb.append(value);
  }
}
