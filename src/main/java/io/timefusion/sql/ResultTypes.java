package io.timefusion.sql;

import static io.timefusion.catalog.PgTypeId.BOOL;
import static io.timefusion.catalog.PgTypeId.BYTEA;
import static io.timefusion.catalog.PgTypeId.DATE;
import static io.timefusion.catalog.PgTypeId.FLOAT4;
import static io.timefusion.catalog.PgTypeId.FLOAT8;
import static io.timefusion.catalog.PgTypeId.INT2;
import static io.timefusion.catalog.PgTypeId.INT4;
import static io.timefusion.catalog.PgTypeId.INT8;
import static io.timefusion.catalog.PgTypeId.INTERVAL;
import static io.timefusion.catalog.PgTypeId.JSON;
import static io.timefusion.catalog.PgTypeId.NUMERIC;
import static io.timefusion.catalog.PgTypeId.OID;
import static io.timefusion.catalog.PgTypeId.TEXT;
import static io.timefusion.catalog.PgTypeId.TIME;
import static io.timefusion.catalog.PgTypeId.TIMESTAMP;
import static io.timefusion.catalog.PgTypeId.TIMESTAMPTZ;
import static io.timefusion.catalog.PgTypeId.UUID;

import io.timefusion.catalog.PgTypeId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The PostgreSQL type of each DuckDB result type, and the value conversion between them. */
final class ResultTypes {
  /** DuckDB lists of these element types keep their type; lists of any other are sent as text[]. */
  private static final Set<PgTypeId> TYPED_ARRAY_ELEMENTS =
      EnumSet.of(BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC, DATE, TIMESTAMP, TIMESTAMPTZ, INTERVAL, UUID, BYTEA, JSON);

  /**
   * The struct {@code tf_avg} (see {@code io.timefusion.query.DuckDb}) makes of an AVG of integers:
   * numeric, sum / count in PostgreSQL's numeric division. With any other sum it is the double.
   */
  private static final String INTEGER_AVERAGE = "STRUCT(TF_AVG DOUBLE, TF_SUM HUGEINT, TF_COUNT BIGINT)";
  private static final String AVERAGE = "STRUCT(TF_AVG DOUBLE, ";

  private static final LocalDate DATE_INFINITY = LocalDate.ofEpochDay(Integer.MAX_VALUE);
  private static final LocalDate DATE_MINUS_INFINITY = LocalDate.ofEpochDay(-Integer.MAX_VALUE);
  private static final LocalDateTime TIMESTAMP_INFINITY = epochMicros(Long.MAX_VALUE);
  private static final LocalDateTime TIMESTAMP_MINUS_INFINITY = epochMicros(-Long.MAX_VALUE);

  private ResultTypes() {}

  /** The timestamp {@code micros} microseconds after 1970-01-01 00:00 (proleptic Gregorian, as DuckDB counts). */
  static LocalDateTime epochMicros(long micros) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
  }

  /** PostgreSQL OID for a DuckDB type name as JDBC metadata reports it. */
  static int oidOf(String duckType) {
    String t = duckType.toUpperCase(Locale.ROOT).trim();
    if (t.endsWith("[]")) {
      PgTypeId elem = typeOf(t.substring(0, t.length() - 2));
      return (TYPED_ARRAY_ELEMENTS.contains(elem) ? elem : TEXT).arrayOid();
    }
    return typeOf(t).oid();
  }

  /** The PostgreSQL type of a scalar DuckDB type name (upper case); text for what has no match. */
  private static PgTypeId typeOf(String t) {
    if (t.endsWith("[]")) return TEXT;
    if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) return NUMERIC;
    if (t.equals(INTEGER_AVERAGE)) return NUMERIC;
    if (t.startsWith(AVERAGE)) return FLOAT8;
    return switch (t) {
      case "BOOLEAN" -> BOOL;
      case "TINYINT", "SMALLINT", "UTINYINT" -> INT2;
      case "INTEGER", "USMALLINT" -> INT4;
      case "BIGINT" -> INT8;
      // unsigned 32 bits: how the catalog (io.timefusion.sql.pgcatalog) holds oids
      case "UINTEGER" -> OID;
      case "HUGEINT", "UBIGINT", "UHUGEINT", "VARINT", "BIGNUM" -> NUMERIC;
      case "FLOAT" -> FLOAT4;
      case "DOUBLE" -> FLOAT8;
      case "DATE" -> DATE;
      case "TIME" -> TIME;
      case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> TIMESTAMP;
      case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> TIMESTAMPTZ;
      case "INTERVAL" -> INTERVAL;
      case "UUID" -> UUID;
      case "BLOB" -> BYTEA;
      case "JSON" -> JSON;
      default -> TEXT;
    };
  }

  /**
   * Converts a DuckDB JDBC value to the Java type {@link SqlSession} promises for {@code oid};
   * {@code type} is {@code PgTypeId.byOid(oid)}, resolved once per column by the caller.
   */
  static Object convert(Object v, PgTypeId type, int oid) throws SQLException {
    if (v == null) return null;
    if (type != null) {
      switch (type) {
        case INT2:
          return ((Number) v).shortValue();
        case INT4:
          return ((Number) v).intValue();
        case INT8, OID:
          return ((Number) v).longValue();
        case FLOAT4:
          return ((Number) v).floatValue();
        case FLOAT8:
          if (v instanceof Struct average) return ((Number) average.getAttributes()[0]).doubleValue();
          return ((Number) v).doubleValue();
        case NUMERIC:
          if (v instanceof BigDecimal b) return b;
          if (v instanceof Struct average) {
            Object[] f = average.getAttributes(); // value, sum, count
            return integerAverage(f[1], ((Number) f[2]).longValue());
          }
          if (v instanceof BigInteger b) return new BigDecimal(b);
          // an integer read as numeric (a quotient's divisor such as count(*)): no text round trip per row
          if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
          }
          return new BigDecimal(v.toString());
        case BOOL:
          return v;
        case DATE:
          if (v instanceof LocalDate d) return date(d);
          if (v instanceof java.sql.Date d) return date(d.toLocalDate());
          return date(LocalDate.parse(v.toString()));
        case TIMESTAMP:
          if (v instanceof Timestamp ts) return timestamp(ts.toLocalDateTime());
          if (v instanceof LocalDateTime l) return timestamp(l);
          return timestamp(LocalDateTime.parse(v.toString().replace(' ', 'T')));
        case TIMESTAMPTZ:
          if (v instanceof OffsetDateTime o) return timestamptz(o.withOffsetSameInstant(ZoneOffset.UTC));
          if (v instanceof Timestamp ts) return timestamptz(ts.toInstant().atOffset(ZoneOffset.UTC));
          return timestamptz(OffsetDateTime.parse(v.toString()).withOffsetSameInstant(ZoneOffset.UTC));
        case UUID:
          return v instanceof java.util.UUID u ? u : java.util.UUID.fromString(v.toString());
        case BYTEA:
          if (v instanceof byte[] b) return b;
          if (v instanceof java.sql.Blob b) return b.getBytes(1, (int) b.length());
          return v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        case INTERVAL:
          return v.toString();
        case TIME:
          if (v instanceof java.time.LocalTime t) return time(t);
          if (v instanceof java.sql.Time t) return time(t.toLocalTime());
          return v.toString();
        default:
          break;
      }
    }
    if (v instanceof Array a) return arrayValues(a, oid);
    return v.toString();
  }

  /** A time of day as PostgreSQL prints it: {@code hh:mm:ss}, a fraction of a second without trailing zeros. */
  static String time(java.time.LocalTime t) {
    StringBuilder s = new StringBuilder(15);
    s.append(t.getHour() < 10 ? "0" : "").append(t.getHour()).append(t.getMinute() < 10 ? ":0" : ":").append(t.getMinute())
        .append(t.getSecond() < 10 ? ":0" : ":").append(t.getSecond());
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      String fraction = String.format("%06d", micros);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') end--;
      s.append('.').append(fraction, 0, end);
    }
    return s.toString();
  }

  /** A DuckDB date; its ±infinity (days ±(2^31 - 1)) is what the wire types take for PostgreSQL's. */
  static LocalDate date(LocalDate d) {
    return d.equals(DATE_INFINITY) ? LocalDate.MAX : d.equals(DATE_MINUS_INFINITY) ? LocalDate.MIN : d;
  }

  /** A DuckDB timestamp; its ±infinity (microseconds ±(2^63 - 1)) as the wire types take PostgreSQL's. */
  static LocalDateTime timestamp(LocalDateTime t) {
    return t.equals(TIMESTAMP_INFINITY) ? LocalDateTime.MAX : t.equals(TIMESTAMP_MINUS_INFINITY) ? LocalDateTime.MIN : t;
  }

  /** A DuckDB timestamptz in UTC; its ±infinity as the wire types take PostgreSQL's. */
  static OffsetDateTime timestamptz(OffsetDateTime t) {
    LocalDateTime l = t.toLocalDateTime();
    return l.equals(TIMESTAMP_INFINITY) ? OffsetDateTime.MAX : l.equals(TIMESTAMP_MINUS_INFINITY) ? OffsetDateTime.MIN : t;
  }

  /** An average of integers, sum / count, as PostgreSQL's numeric division gives it. */
  static BigDecimal integerAverage(Object sum, long count) {
    BigDecimal s = sum instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(sum.toString());
    return PgNumericDivision.divide(s, BigDecimal.valueOf(count));
  }

  private static List<Object> arrayValues(Array a, int arrayOid) throws SQLException {
    Object[] items = (Object[]) a.getArray();
    PgTypeId elem = PgTypeId.byArrayOid(arrayOid);
    if (elem == null || !TYPED_ARRAY_ELEMENTS.contains(elem)) elem = TEXT;
    List<Object> out = new ArrayList<>(items.length);
    for (Object o : items) out.add(convert(o, elem, elem.oid()));
    return out;
  }
}
