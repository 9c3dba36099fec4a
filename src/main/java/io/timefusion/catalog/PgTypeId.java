package io.timefusion.catalog;

/**
 * The PostgreSQL types TimeFusion knows, with their pg_type identity: the one place an OID is
 * written. The wire codecs, the INSERT parser, result typing and column types all refer to it.
 */
public enum PgTypeId {
  BOOL("bool", 16, 1000, 1, "boolean"),
  BYTEA("bytea", 17, 1001, -1, "bytea"),
  NAME("name", 19, 1003, 64, "name"),
  INT8("int8", 20, 1016, 8, "bigint"),
  INT2("int2", 21, 1005, 2, "smallint"),
  INT4("int4", 23, 1007, 4, "integer"),
  TEXT("text", 25, 1009, -1, "text"),
  OID("oid", 26, 1028, 4, "oid"),
  JSON("json", 114, 199, -1, "json"),
  FLOAT4("float4", 700, 1021, 4, "real"),
  FLOAT8("float8", 701, 1022, 8, "double precision"),
  UNKNOWN("unknown", 705, 0, -2, "unknown"),
  BPCHAR("bpchar", 1042, 1014, -1, "character"),
  VARCHAR("varchar", 1043, 1015, -1, "character varying"),
  DATE("date", 1082, 1182, 4, "date"),
  TIME("time", 1083, 1183, 8, "time without time zone"),
  TIMESTAMP("timestamp", 1114, 1115, 8, "timestamp without time zone"),
  TIMESTAMPTZ("timestamptz", 1184, 1185, 8, "timestamp with time zone"),
  INTERVAL("interval", 1186, 1187, 16, "interval"),
  NUMERIC("numeric", 1700, 1231, -1, "numeric"),
  UUID("uuid", 2950, 2951, 16, "uuid"),
  JSONB("jsonb", 3802, 3807, -1, "jsonb");

  private static final PgTypeId[] ALL = values();

  private final String typname;
  private final int oid;
  private final int arrayOid;
  private final int typlen;
  private final String displayName;

  PgTypeId(String typname, int oid, int arrayOid, int typlen, String displayName) {
    this.typname = typname;
    this.oid = oid;
    this.arrayOid = arrayOid;
    this.typlen = typlen;
    this.displayName = displayName;
  }

  /** pg_type.typname, the short name ("int8", "timestamptz"). */
  public String typname() {
    return typname;
  }

  public int oid() {
    return oid;
  }

  /** The OID of the one-dimensional array of this type; 0 when there is none. */
  public int arrayOid() {
    return arrayOid;
  }

  /** pg_type.typlen: the fixed size in bytes, -1 for variable length, -2 for C strings. */
  public int typlen() {
    return typlen;
  }

  /** The name PostgreSQL prints for the type (format_type), as in error messages. */
  public String displayName() {
    return displayName;
  }

  /** The type with this OID, or null; array OIDs are not types here (see {@link #byArrayOid}). */
  public static PgTypeId byOid(int oid) {
    for (PgTypeId t : ALL) {
      if (t.oid == oid) return t;
    }
    return null;
  }

  /** The element type of the array type with this OID, or null. */
  public static PgTypeId byArrayOid(int arrayOid) {
    if (arrayOid == 0) return null;
    for (PgTypeId t : ALL) {
      if (t.arrayOid == arrayOid) return t;
    }
    return null;
  }
}
