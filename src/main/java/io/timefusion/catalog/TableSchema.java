package io.timefusion.catalog;

import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** A table's columns and partitioning, as defined by its YAML resource. */
public final class TableSchema {
  private final String name;
  private final String description;
  private final List<ColumnDef> columns;
  private final List<String> partitionColumns;
  private final String sortColumn;
  private final List<String> lookupColumns;
  private final Map<String, Integer> index = new HashMap<>();
  private final Schema arrowSchema;

  public TableSchema(
      String name,
      String description,
      List<ColumnDef> columns,
      List<String> partitionColumns,
      String sortColumn,
      List<String> lookupColumns) {
    this.name = name;
    this.description = description;
    this.columns = List.copyOf(columns);
    this.partitionColumns = List.copyOf(partitionColumns);
    this.sortColumn = sortColumn;
    this.lookupColumns = List.copyOf(lookupColumns);
    for (int i = 0; i < columns.size(); i++) {
      if (index.put(columns.get(i).name(), i) != null) {
        throw new IllegalArgumentException(name + ": duplicate column " + columns.get(i).name());
      }
    }
    for (String p : partitionColumns) {
      if (!index.containsKey(p)) throw new IllegalArgumentException(name + ": unknown partition column " + p);
    }
    for (String l : lookupColumns) {
      Integer i = index.get(l);
      if (i == null) throw new IllegalArgumentException(name + ": unknown lookup column " + l);
      // the filters hold the strings DuckDB compares byte by byte; other types compare otherwise
      if (columns.get(i).type() != ColumnType.TEXT || partitionColumns.contains(l)) {
        throw new IllegalArgumentException(name + ": lookup column " + l + " must be a text column and not a partition column");
      }
    }
    List<Field> fields = new ArrayList<>();
    for (ColumnDef c : columns) fields.add(arrowField(c.name(), c.type(), c.nullable()));
    this.arrowSchema = new Schema(fields);
  }

  /** Arrow's canonical JSON extension: DuckDB imports such a column as JSON without re-validating it. */
  private static final Map<String, String> ARROW_JSON =
      Map.of("ARROW:extension:name", "arrow.json", "ARROW:extension:metadata", "");

  private static Field arrowField(String name, ColumnType type, boolean nullable) {
    FieldType ft = new FieldType(nullable, type.arrowType(), null, type == ColumnType.JSON ? ARROW_JSON : null);
    if (!type.isArray()) return new Field(name, ft, null);
    return new Field(name, ft, List.of(arrowField("element", type.element(), true)));
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public List<ColumnDef> columns() {
    return columns;
  }

  public ColumnDef column(int i) {
    return columns.get(i);
  }

  /** Column position, or -1 when the table has no such column. */
  public int indexOf(String column) {
    Integer i = index.get(column);
    return i == null ? -1 : i;
  }

  public List<String> partitionColumns() {
    return partitionColumns;
  }

  public boolean isPartitionColumn(String column) {
    return partitionColumns.contains(column);
  }

  /** The column rows are sorted by (descending) within each data file. */
  public String sortColumn() {
    return sortColumn;
  }

  /**
   * Columns queried by equality on values too scattered for min/max statistics (trace ids, event
   * ids): each data file gets a Bloom filter of their values (a lookup sidecar), by which queries
   * for {@code column = 'v'} or {@code column IN (...)} skip the files that surely lack them.
   */
  public List<String> lookupColumns() {
    return lookupColumns;
  }

  public Schema arrowSchema() {
    return arrowSchema;
  }

  public StructType deltaSchema() {
    StructType s = new StructType();
    for (ColumnDef c : columns) s = s.add(c.name(), c.type().deltaType(), c.nullable());
    return s;
  }
}
