package io.timefusion.write;

import io.timefusion.catalog.ColumnType;
import io.timefusion.catalog.PgTypeId;

/**
 * The PostgreSQL types an INSERT may name in a cast or typed literal, each with the column type its
 * values naturally land in. Array types are written {@code element[]} and carry the element type.
 */
enum PgType {
  UNKNOWN(PgTypeId.UNKNOWN, null),
  TEXT(PgTypeId.TEXT, ColumnType.TEXT),
  VARCHAR(PgTypeId.VARCHAR, ColumnType.TEXT),
  INT2(PgTypeId.INT2, ColumnType.INT4),
  INT4(PgTypeId.INT4, ColumnType.INT4),
  INT8(PgTypeId.INT8, ColumnType.INT8),
  FLOAT4(PgTypeId.FLOAT4, ColumnType.FLOAT8),
  FLOAT8(PgTypeId.FLOAT8, ColumnType.FLOAT8),
  NUMERIC(PgTypeId.NUMERIC, ColumnType.FLOAT8),
  BOOL(PgTypeId.BOOL, ColumnType.BOOL),
  DATE(PgTypeId.DATE, ColumnType.DATE),
  TIMESTAMP(PgTypeId.TIMESTAMP, ColumnType.TIMESTAMPTZ),
  TIMESTAMPTZ(PgTypeId.TIMESTAMPTZ, ColumnType.TIMESTAMPTZ),
  JSON(PgTypeId.JSON, ColumnType.JSON),
  JSONB(PgTypeId.JSONB, ColumnType.JSON),
  UUID(PgTypeId.UUID, ColumnType.TEXT);

  /** The catalog identity: OID, array OID, display name. */
  final PgTypeId id;

  /** The column type a value of this type naturally lands in. */
  final ColumnType columnType;

  PgType(PgTypeId id, ColumnType columnType) {
    this.id = id;
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

  boolean isText() {
    return this == TEXT || this == VARCHAR || this == UNKNOWN;
  }
}
