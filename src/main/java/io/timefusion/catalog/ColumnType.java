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
 * The column types a table schema may use, with their one mapping to PostgreSQL ({@link
 * PgTypeId}), DuckDB, Arrow and Delta. Every layer asks this enum; none keeps its own table.
 */
public enum ColumnType {
  TEXT(PgTypeId.TEXT),
  JSON(PgTypeId.JSON),
  BOOL(PgTypeId.BOOL),
  INT4(PgTypeId.INT4),
  INT8(PgTypeId.INT8),
  FLOAT8(PgTypeId.FLOAT8),
  DATE(PgTypeId.DATE),
  TIMESTAMPTZ(PgTypeId.TIMESTAMPTZ),
  TEXT_ARRAY(TEXT),
  INT8_ARRAY(INT8),
  FLOAT8_ARRAY(FLOAT8);

  private final PgTypeId pgType;
  private final ColumnType element;

  ColumnType(PgTypeId pgType) {
    this.pgType = pgType;
    this.element = null;
  }

  /** An array column of {@code element}. */
  ColumnType(ColumnType element) {
    this.pgType = element.pgType;
    this.element = element;
  }

  /** Parses the type names used in schema YAML ("text", "int8", "timestamptz", "text[]", ...). */
  public static ColumnType fromName(String name) {
    String n = name.trim().toLowerCase();
    return Arrays.stream(values())
        .filter(t -> t.pgName().equals(n))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown column type: " + name));
  }

  /** The schema name of the type: PostgreSQL's typname, with "[]" for arrays. */
  public String pgName() {
    return isArray() ? pgType.typname() + "[]" : pgType.typname();
  }

  /** The PostgreSQL type of the values, of the elements for an array column. */
  public PgTypeId pgType() {
    return pgType;
  }

  public int pgOid() {
    return isArray() ? pgType.arrayOid() : pgType.oid();
  }

  /** PostgreSQL's display name of the column type (format_type), as used in error messages. */
  public String pgDisplayName() {
    return isArray() ? pgType.displayName() + "[]" : pgType.displayName();
  }

  public String duckdbType() {
    return isArray() ? pgType.duckdbType() + "[]" : pgType.duckdbType();
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
