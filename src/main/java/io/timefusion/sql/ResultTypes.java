package io.timefusion.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The PostgreSQL type of each DuckDB result type, and the value conversion between them. */
final class ResultTypes {
  static final int BOOL = 16, BYTEA = 17, INT8 = 20, INT2 = 21, INT4 = 23, TEXT = 25, JSON = 114,
      FLOAT4 = 700, FLOAT8 = 701, DATE = 1082, TIME = 1083, TIMESTAMP = 1114, TIMESTAMPTZ = 1184,
      INTERVAL = 1186, NUMERIC = 1700, UUID_OID = 2950;

  private ResultTypes() {}

  /** PostgreSQL OID for a DuckDB type name as JDBC metadata reports it. */
  static int oidOf(String duckType) {
    String t = duckType.toUpperCase(Locale.ROOT).trim();
    if (t.endsWith("[]")) {
      int elem = oidOf(t.substring(0, t.length() - 2));
      return switch (elem) {
        case BOOL -> 1000;
        case INT2 -> 1005;
        case INT4 -> 1007;
        case INT8 -> 1016;
        case FLOAT4 -> 1021;
        case FLOAT8 -> 1022;
        case NUMERIC -> 1231;
        case DATE -> 1182;
        case TIMESTAMP -> 1115;
        case TIMESTAMPTZ -> 1185;
        case UUID_OID -> 2951;
        case JSON -> 199;
        default -> 1009;
      };
    }
    if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) return NUMERIC;
    return switch (t) {
      case "BOOLEAN" -> BOOL;
      case "TINYINT", "SMALLINT", "UTINYINT" -> INT2;
      case "INTEGER", "USMALLINT" -> INT4;
      case "BIGINT", "UINTEGER" -> INT8;
      case "HUGEINT", "UBIGINT", "UHUGEINT", "VARINT", "BIGNUM" -> NUMERIC;
      case "FLOAT" -> FLOAT4;
      case "DOUBLE" -> FLOAT8;
      case "DATE" -> DATE;
      case "TIME" -> TIME;
      case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> TIMESTAMP;
      case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> TIMESTAMPTZ;
      case "INTERVAL" -> INTERVAL;
      case "UUID" -> UUID_OID;
      case "BLOB" -> BYTEA;
      case "JSON" -> JSON;
      default -> TEXT;
    };
  }

  /** Converts a DuckDB JDBC value to the Java type {@link SqlSession} promises for {@code oid}. */
  static Object convert(Object v, int oid) throws SQLException {
    if (v == null) return null;
    switch (oid) {
      case INT2:
        return ((Number) v).shortValue();
      case INT4:
        return ((Number) v).intValue();
      case INT8:
        return ((Number) v).longValue();
      case FLOAT4:
        return ((Number) v).floatValue();
      case FLOAT8:
        return ((Number) v).doubleValue();
      case NUMERIC:
        if (v instanceof BigDecimal b) return b;
        if (v instanceof BigInteger b) return new BigDecimal(b);
        return new BigDecimal(v.toString());
      case BOOL:
        return v;
      case DATE:
        if (v instanceof LocalDate d) return d;
        if (v instanceof java.sql.Date d) return d.toLocalDate();
        return LocalDate.parse(v.toString());
      case TIMESTAMP:
        if (v instanceof Timestamp ts) return ts.toLocalDateTime();
        if (v instanceof java.time.LocalDateTime l) return l;
        return java.time.LocalDateTime.parse(v.toString().replace(' ', 'T'));
      case TIMESTAMPTZ:
        if (v instanceof OffsetDateTime o) return o.withOffsetSameInstant(ZoneOffset.UTC);
        if (v instanceof Timestamp ts) return ts.toInstant().atOffset(ZoneOffset.UTC);
        return OffsetDateTime.parse(v.toString()).withOffsetSameInstant(ZoneOffset.UTC);
      case UUID_OID:
        return v instanceof UUID u ? u : UUID.fromString(v.toString());
      case BYTEA:
        if (v instanceof byte[] b) return b;
        if (v instanceof java.sql.Blob b) return b.getBytes(1, (int) b.length());
        return v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      case INTERVAL:
        return v.toString();
      default:
        if (v instanceof Array a) return arrayValues(a, oid);
        return v.toString();
    }
  }

  private static List<Object> arrayValues(Array a, int arrayOid) throws SQLException {
    Object[] items = (Object[]) a.getArray();
    int elem =
        switch (arrayOid) {
          case 1000 -> BOOL;
          case 1005 -> INT2;
          case 1007 -> INT4;
          case 1016 -> INT8;
          case 1021 -> FLOAT4;
          case 1022 -> FLOAT8;
          case 1231 -> NUMERIC;
          case 1182 -> DATE;
          case 1115 -> TIMESTAMP;
          case 1185 -> TIMESTAMPTZ;
          case 2951 -> UUID_OID;
          case 199 -> JSON;
          default -> TEXT;
        };
    List<Object> out = new ArrayList<>(items.length);
    for (Object o : items) out.add(convert(o, elem));
    return out;
  }

  static boolean isArray(int oid) {
    return switch (oid) {
      case 1000, 1005, 1007, 1016, 1021, 1022, 1231, 1182, 1115, 1185, 2951, 199, 1009 -> true;
      default -> false;
    };
  }
}
