package io.timefusion.catalog;

/**
 * The PostgreSQL types TimeFusion knows, with their pg_type identity: the one place an OID is
 * written. The wire codecs, the INSERT parser, result typing, column types and the pg_type
 * catalog all refer to it. Besides the types of values, it holds the types of the system
 * catalog's own columns (regproc, "char", aclitem, ...), which clients see in pg_attribute.
 */
public enum PgTypeId {
  BOOL("bool", 16, 1000, 1, "boolean", 'B', true, "boolin", 'c', 'p', "BOOLEAN"),
  BYTEA("bytea", 17, 1001, -1, "bytea", 'U', false, "byteain", 'i', 'x', "BLOB"),
  CHAR("char", 18, 1002, 1, "\"char\"", 'Z', false, "charin", 'c', 'p', "VARCHAR"),
  NAME("name", 19, 1003, 64, "name", 'S', false, "namein", 'c', 'p', "VARCHAR"),
  INT8("int8", 20, 1016, 8, "bigint", 'N', false, "int8in", 'd', 'p', "BIGINT"),
  INT2("int2", 21, 1005, 2, "smallint", 'N', false, "int2in", 's', 'p', "SMALLINT"),
  INT2VECTOR("int2vector", 22, 1006, -1, "int2vector", 'A', false, "int2vectorin", 'i', 'p', "SMALLINT[]"),
  INT4("int4", 23, 1007, 4, "integer", 'N', false, "int4in", 'i', 'p', "INTEGER"),
  /** A function, shown by name; the catalog stores the name. */
  REGPROC("regproc", 24, 1008, 4, "regproc", 'N', false, "regprocin", 'i', 'p', "VARCHAR"),
  TEXT("text", 25, 1009, -1, "text", 'S', true, "textin", 'i', 'x', "VARCHAR"),
  /** Unsigned 32 bits, which DuckDB's UINTEGER is: result columns of that type are oids. */
  OID("oid", 26, 1028, 4, "oid", 'N', true, "oidin", 'i', 'p', "UINTEGER"),
  XID("xid", 28, 1011, 4, "xid", 'U', false, "xidin", 'i', 'p', "UINTEGER"),
  OIDVECTOR("oidvector", 30, 1013, -1, "oidvector", 'A', false, "oidvectorin", 'i', 'p', "UINTEGER[]"),
  JSON("json", 114, 199, -1, "json", 'U', false, "json_in", 'i', 'x', "JSON"),
  PG_NODE_TREE("pg_node_tree", 194, 0, -1, "pg_node_tree", 'Z', false, "pg_node_tree_in", 'i', 'x', "VARCHAR"),
  FLOAT4("float4", 700, 1021, 4, "real", 'N', false, "float4in", 'i', 'p', "FLOAT"),
  FLOAT8("float8", 701, 1022, 8, "double precision", 'N', true, "float8in", 'd', 'p', "DOUBLE"),
  UNKNOWN("unknown", 705, 0, -2, "unknown", 'X', false, "unknownin", 'c', 'p', "VARCHAR"),
  INET("inet", 869, 1041, -1, "inet", 'I', true, "inet_in", 'i', 'm', "VARCHAR"),
  ACLITEM("aclitem", 1033, 1034, 12, "aclitem", 'U', false, "aclitemin", 'i', 'p', "VARCHAR"),
  BPCHAR("bpchar", 1042, 1014, -1, "character", 'S', false, "bpcharin", 'i', 'x', "VARCHAR"),
  VARCHAR("varchar", 1043, 1015, -1, "character varying", 'S', false, "varcharin", 'i', 'x', "VARCHAR"),
  DATE("date", 1082, 1182, 4, "date", 'D', false, "date_in", 'i', 'p', "DATE"),
  TIME("time", 1083, 1183, 8, "time without time zone", 'D', false, "time_in", 'd', 'p', "TIME"),
  TIMESTAMP("timestamp", 1114, 1115, 8, "timestamp without time zone", 'D', false, "timestamp_in", 'd', 'p', "TIMESTAMP"),
  TIMESTAMPTZ("timestamptz", 1184, 1185, 8, "timestamp with time zone", 'D', true, "timestamptz_in", 'd', 'p', "TIMESTAMPTZ"),
  INTERVAL("interval", 1186, 1187, 16, "interval", 'T', true, "interval_in", 'd', 'p', "INTERVAL"),
  NUMERIC("numeric", 1700, 1231, -1, "numeric", 'N', false, "numeric_in", 'i', 'm', "DECIMAL(38, 10)"),
  /** A relation, shown by name; the catalog stores the oid. */
  REGCLASS("regclass", 2205, 2210, 4, "regclass", 'N', false, "regclassin", 'i', 'p', "UINTEGER"),
  REGTYPE("regtype", 2206, 2211, 4, "regtype", 'N', false, "regtypein", 'i', 'p', "UINTEGER"),
  ANYARRAY("anyarray", 2277, 0, -1, "anyarray", 'P', false, "anyarray_in", 'd', 'x', "VARCHAR"),
  UUID("uuid", 2950, 2951, 16, "uuid", 'U', false, "uuid_in", 'c', 'p', "UUID"),
  /** A WAL position ("16/B374D848"), shown as text. */
  PG_LSN("pg_lsn", 3220, 3221, 8, "pg_lsn", 'U', false, "pg_lsn_in", 'd', 'p', "VARCHAR"),
  JSONB("jsonb", 3802, 3807, -1, "jsonb", 'U', false, "jsonb_in", 'i', 'x', "JSON"),
  REGNAMESPACE("regnamespace", 4089, 4090, 4, "regnamespace", 'N', false, "regnamespacein", 'i', 'p', "UINTEGER"),
  REGROLE("regrole", 4096, 4097, 4, "regrole", 'N', false, "regrolein", 'i', 'p', "UINTEGER");

  private static final PgTypeId[] ALL = values();

  private final String typname;
  private final int oid;
  private final int arrayOid;
  private final int typlen;
  private final String displayName;
  private final char category;
  private final boolean preferred;
  private final String input;
  private final char align;
  private final char storage;
  private final String duckdbType;

  PgTypeId(
      String typname,
      int oid,
      int arrayOid,
      int typlen,
      String displayName,
      char category,
      boolean preferred,
      String input,
      char align,
      char storage,
      String duckdbType) {
    this.typname = typname;
    this.oid = oid;
    this.arrayOid = arrayOid;
    this.typlen = typlen;
    this.displayName = displayName;
    this.category = category;
    this.preferred = preferred;
    this.input = input;
    this.align = align;
    this.storage = storage;
    this.duckdbType = duckdbType;
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

  /** pg_type.typcategory: 'N' numeric, 'S' string, 'D' date/time, 'A' array, 'P' pseudo-type... */
  public char category() {
    return category;
  }

  /** pg_type.typispreferred: the preferred type of its category in implicit casts. */
  public boolean preferred() {
    return preferred;
  }

  /** pg_type.typinput, the input function ("int4in", "date_in"); the other I/O functions share its stem. */
  public String inputFunction() {
    return input;
  }

  /** pg_type.typalign: 'c' char, 's' short, 'i' int, 'd' double alignment. */
  public char align() {
    return align;
  }

  /** pg_type.typstorage: 'p' plain, 'x' extended, 'm' main. */
  public char storage() {
    return storage;
  }

  /** The DuckDB type that holds values of this type (a catalog's regproc holds the function name). */
  public String duckdbType() {
    return duckdbType;
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
