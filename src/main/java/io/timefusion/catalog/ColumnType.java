package io.timefusion.catalog;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampType;
import java.util.Arrays;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The column types a table schema may use, with their one mapping to PostgreSQL (OID, name),
 * DuckDB, Arrow and Delta. Every layer asks this enum; none keeps its own table.
 */
public enum ColumnType {
  TEXT("text", 25, "VARCHAR", null),
  JSON("json", 114, "JSON", null),
  BOOL("bool", 16, "BOOLEAN", null),
  INT4("int4", 23, "INTEGER", null),
  INT8("int8", 20, "BIGINT", null),
  FLOAT8("float8", 701, "DOUBLE", null),
  DATE("date", 1082, "DATE", null),
  TIMESTAMPTZ("timestamptz", 1184, "TIMESTAMPTZ", null),
  TEXT_ARRAY("text[]", 1009, "VARCHAR[]", TEXT),
  INT8_ARRAY("int8[]", 1016, "BIGINT[]", INT8),
  FLOAT8_ARRAY("float8[]", 1022, "DOUBLE[]", FLOAT8);

  private final String pgName;
  private final int pgOid;
  private final String duckdbType;
  private final ColumnType element;

  ColumnType(String pgName, int pgOid, String duckdbType, ColumnType element) {
    this.pgName = pgName;
    this.pgOid = pgOid;
    this.duckdbType = duckdbType;
    this.element = element;
  }

  /** Parses the type names used in schema YAML ("text", "int8", "timestamptz", "text[]", ...). */
  public static ColumnType fromName(String name) {
    String n = name.trim().toLowerCase();
    return Arrays.stream(values())
        .filter(t -> t.pgName.equals(n))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown column type: " + name));
  }

  public String pgName() {
    return pgName;
  }

  public int pgOid() {
    return pgOid;
  }

  public String duckdbType() {
    return duckdbType;
  }

  public boolean isArray() {
    return element != null;
  }

  /** The element type of an array type, or null. */
  public ColumnType element() {
    return element;
  }

  /** Arrow type of the column itself; arrays are Arrow lists of {@link #element()}. */
  public ArrowType arrowType() {
    return switch (this) {
      case TEXT, JSON -> ArrowType.Utf8.INSTANCE;
      case BOOL -> ArrowType.Bool.INSTANCE;
      case INT4 -> new ArrowType.Int(32, true);
      case INT8 -> new ArrowType.Int(64, true);
      case FLOAT8 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMPTZ -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      case TEXT_ARRAY, INT8_ARRAY, FLOAT8_ARRAY -> ArrowType.List.INSTANCE;
    };
  }

  public DataType deltaType() {
    return switch (this) {
      case TEXT, JSON -> StringType.STRING;
      case BOOL -> BooleanType.BOOLEAN;
      case INT4 -> IntegerType.INTEGER;
      case INT8 -> LongType.LONG;
      case FLOAT8 -> DoubleType.DOUBLE;
      case DATE -> DateType.DATE;
      case TIMESTAMPTZ -> TimestampType.TIMESTAMP;
      case TEXT_ARRAY, INT8_ARRAY, FLOAT8_ARRAY -> new ArrayType(element.deltaType(), true);
    };
  }

  /** Whether Delta file statistics (min/max) are kept for this type. */
  public boolean hasMinMaxStats() {
    return !isArray() && this != BOOL && this != JSON;
  }
}
