package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The registry of the PostgreSQL types TimeFusion speaks, by OID; arrays are derived from elements. */
public final class PgTypes {
  public static final PgType BOOL = new BoolType();
  public static final PgType BYTEA = new ByteaType();
  public static final PgType NAME = new StringType(PgTypeId.NAME);
  public static final PgType INT8 = new Int8Type();
  public static final PgType INT2 = new Int2Type();
  public static final PgType INT4 = new Int4Type();
  public static final PgType TEXT = new StringType(PgTypeId.TEXT);
  public static final PgType OID = new OidType();
  public static final PgType JSON = new StringType(PgTypeId.JSON);
  public static final PgType FLOAT4 = new Float4Type();
  public static final PgType FLOAT8 = new Float8Type();
  public static final PgType UNKNOWN = new StringType(PgTypeId.UNKNOWN);
  public static final PgType BPCHAR = new StringType(PgTypeId.BPCHAR);
  public static final PgType VARCHAR = new StringType(PgTypeId.VARCHAR);
  public static final PgType DATE = new DateType();
  public static final PgType TIMESTAMP = new TimestampType();
  public static final PgType TIMESTAMPTZ = new TimestamptzType();
  public static final PgType INTERVAL = new IntervalType();
  public static final PgType NUMERIC = new NumericType();
  public static final PgType UUID = new UuidType();
  public static final PgType JSONB = new JsonbType();

  private static final Map<Integer, PgType> BY_OID;
  private static final List<PgType> ALL;

  static {
    List<PgType> scalars = List.of(BOOL, BYTEA, NAME, INT8, INT2, INT4, TEXT, OID, JSON, FLOAT4, FLOAT8,
        BPCHAR, VARCHAR, DATE, TIMESTAMP, TIMESTAMPTZ, INTERVAL, NUMERIC, UUID, JSONB);
    Map<Integer, PgType> byOid = new HashMap<>();
    List<PgType> all = new ArrayList<>(scalars);
    byOid.put(UNKNOWN.oid(), UNKNOWN);
    for (PgType t : scalars) {
      byOid.put(t.oid(), t);
      ArrayType array = new ArrayType(t);
      byOid.put(array.oid(), array);
      all.add(array);
    }
    BY_OID = Map.copyOf(byOid);
    ALL = Collections.unmodifiableList(all);
  }

  private PgTypes() {}

  /** The type with this OID, or null when TimeFusion does not know it. */
  public static PgType byOid(int oid) {
    return BY_OID.get(oid);
  }

  /** How to read a parameter of this OID: unspecified (0), unknown and unknown OIDs read as text. */
  public static PgType forParameter(int oid) {
    PgType t = BY_OID.get(oid);
    return t == null || t == UNKNOWN ? TEXT : t;
  }

  /** How to write a result column of this OID; an OID without a type is written as text. */
  public static PgType forResult(int oid) {
    PgType t = BY_OID.get(oid);
    return t == null ? TEXT : t;
  }

  /** Every known type and its array type, for catalogs. */
  public static List<PgType> all() {
    return ALL;
  }
}
