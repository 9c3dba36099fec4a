package io.timefusion.write;

import io.timefusion.catalog.ColumnType;

/**
 * The PostgreSQL types an INSERT may name in a cast or typed literal, with their OIDs. Array
 * types are written {@code element[]} and carry the element type.
 */
enum PgType {
  UNKNOWN("unknown", 705, 0, null),
  TEXT("text", 25, 1009, ColumnType.TEXT),
  VARCHAR("character varying", 1043, 1015, ColumnType.TEXT),
  INT2("smallint", 21, 1005, ColumnType.INT4),
  INT4("integer", 23, 1007, ColumnType.INT4),
  INT8("bigint", 20, 1016, ColumnType.INT8),
  FLOAT4("real", 700, 1021, ColumnType.FLOAT8),
  FLOAT8("double precision", 701, 1022, ColumnType.FLOAT8),
  NUMERIC("numeric", 1700, 1231, ColumnType.FLOAT8),
  BOOL("boolean", 16, 1000, ColumnType.BOOL),
  DATE("date", 1082, 1182, ColumnType.DATE),
  TIMESTAMP("timestamp without time zone", 1114, 1115, ColumnType.TIMESTAMPTZ),
  TIMESTAMPTZ("timestamp with time zone", 1184, 1185, ColumnType.TIMESTAMPTZ),
  JSON("json", 114, 199, ColumnType.JSON),
  JSONB("jsonb", 3802, 3807, ColumnType.JSON),
  UUID("uuid", 2950, 2951, ColumnType.TEXT);

  /** PostgreSQL's display name (format_type). */
  final String displayName;

  final int oid;
  final int arrayOid;
  /** The column type a value of this type naturally lands in. */
  final ColumnType columnType;

  PgType(String displayName, int oid, int arrayOid, ColumnType columnType) {
    this.displayName = displayName;
    this.oid = oid;
    this.arrayOid = arrayOid;
    this.columnType = columnType;
  }

  /** Resolves a single-word type name (already lower case) or returns null. */
  static PgType byName(String n) {
    return switch (n) {
      case "text", "name", "bpchar", "char", "character" -> TEXT;
      case "varchar" -> VARCHAR;
      case "int", "int4", "integer" -> INT4;
      case "bigint", "int8" -> INT8;
      case "smallint", "int2" -> INT2;
      case "float8", "float" -> FLOAT8;
      case "real", "float4" -> FLOAT4;
      case "numeric", "decimal" -> NUMERIC;
      case "bool", "boolean" -> BOOL;
      case "date" -> DATE;
      case "timestamp" -> TIMESTAMP;
      case "timestamptz" -> TIMESTAMPTZ;
      case "json" -> JSON;
      case "jsonb" -> JSONB;
      case "uuid" -> UUID;
      default -> null;
    };
  }

  /** The PostgreSQL type of a column type's values. */
  static PgType of(ColumnType t) {
    return switch (t) {
      case TEXT, TEXT_ARRAY -> TEXT;
      case JSON -> JSON;
      case BOOL -> BOOL;
      case INT4 -> INT4;
      case INT8, INT8_ARRAY -> INT8;
      case FLOAT8, FLOAT8_ARRAY -> FLOAT8;
      case DATE -> DATE;
      case TIMESTAMPTZ -> TIMESTAMPTZ;
    };
  }

  /** PostgreSQL's display name of a column type, as used in error messages. */
  static String displayName(ColumnType t) {
    return t.isArray() ? of(t).displayName + "[]" : of(t).displayName;
  }

  boolean isText() {
    return this == TEXT || this == VARCHAR || this == UNKNOWN;
  }
}
