package io.timefusion.sql;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;

import io.timefusion.catalog.PgTypeId;
import io.timefusion.sql.rewrite.PgSemantics;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's columns of a DuckDB result. The rewrite appends, for each AVG among the client's
 * columns, its sum and count as hidden columns ({@link PgSemantics#AVERAGE_SUM} and {@link
 * PgSemantics#AVERAGE_COUNT} followed by the column's index). When the sum is an integer
 * (HUGEINT) the client sees that column as numeric, sum / count as PostgreSQL divides; the hidden
 * columns themselves are never sent.
 */
final class DuckDbColumns {
  private static final String HUGEINT = "HUGEINT";

  /** One row of a DuckDB result: a JDBC result set or an Arrow batch. */
  interface Row {
    /** Column {@code column} (1-based, as in JDBC) as {@link ResultTypes#convert} gives it for {@code oid}. */
    Object value(int column, PgTypeId type, int oid) throws SQLException;
  }

  private final List<ResultColumn> columns;
  /** JDBC indexes of the sum and the count of each client column that is an integer average; else 0. */
  private final int[] sums;
  private final int[] counts;
  /** DuckDB's type of each result column (index 0 is JDBC column 1), hidden ones included. */
  private final String[] duckTypes;

  private DuckDbColumns(List<ResultColumn> columns, int[] sums, int[] counts, String[] duckTypes) {
    this.columns = columns;
    this.sums = sums;
    this.counts = counts;
    this.duckTypes = duckTypes;
  }

  static DuckDbColumns of(ResultSetMetaData md) throws SQLException {
    if (md == null) return new DuckDbColumns(List.of(), new int[0], new int[0], new String[0]);
    int visible = md.getColumnCount();
    while (visible > 0 && isHidden(md.getColumnLabel(visible))) visible--;
    int[] sums = new int[visible];
    int[] counts = new int[visible];
    for (int j = visible + 1; j <= md.getColumnCount(); j++) {
      String label = md.getColumnLabel(j);
      if (label.startsWith(PgSemantics.AVERAGE_SUM) && md.getColumnTypeName(j).equals(HUGEINT)) {
        sums[index(label, PgSemantics.AVERAGE_SUM, visible)] = j;
      } else if (label.startsWith(PgSemantics.AVERAGE_COUNT)) {
        counts[index(label, PgSemantics.AVERAGE_COUNT, visible)] = j;
      }
    }
    List<ResultColumn> columns = new ArrayList<>(visible);
    for (int i = 0; i < visible; i++) {
      if (sums[i] == 0 || counts[i] == 0) sums[i] = counts[i] = 0;
      int oid = sums[i] > 0 ? PgTypeId.NUMERIC.oid() : ResultTypes.oidOf(md.getColumnTypeName(i + 1));
      columns.add(new ResultColumn(md.getColumnLabel(i + 1), oid));
    }
    String[] duckTypes = new String[md.getColumnCount()];
    for (int j = 0; j < duckTypes.length; j++) duckTypes[j] = md.getColumnTypeName(j + 1);
    return new DuckDbColumns(List.copyOf(columns), sums, counts, duckTypes);
  }

  /** Whether every column the client's values are read from can be read from Arrow ({@link ArrowValues}). */
  boolean streamable() {
    for (int i = 0; i < columns.size(); i++) {
      boolean readable =
          sums[i] > 0
              ? ArrowValues.streams(duckTypes[sums[i] - 1]) && ArrowValues.streams(duckTypes[counts[i] - 1])
              : ArrowValues.streams(duckTypes[i]);
      if (!readable) return false;
    }
    return true;
  }

  /** Whether {@code other} has the same client columns read from the same DuckDB types. */
  boolean sameAs(DuckDbColumns other) {
    return columns.equals(other.columns) && java.util.Arrays.equals(duckTypes, other.duckTypes)
        && java.util.Arrays.equals(sums, other.sums) && java.util.Arrays.equals(counts, other.counts);
  }

  private static boolean isHidden(String label) {
    return label.startsWith(PgSemantics.AVERAGE_SUM) || label.startsWith(PgSemantics.AVERAGE_COUNT);
  }

  private static int index(String label, String prefix, int visible) throws SQLException {
    try {
      int i = Integer.parseInt(label.substring(prefix.length()));
      if (i >= 0 && i < visible) return i;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new SQLException("result column " + label + " names no column");
  }

  List<ResultColumn> columns() {
    return columns;
  }

  /** Client column {@code i} of the current row, as {@link ResultTypes#convert} gives it. */
  /** Column {@code i} of {@code row} as {@link #value}, with a failure as the client's error. */
  Object get(Row row, int i, PgTypeId type) {
    try {
      return value(row, i, type);
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    } catch (RuntimeException e) {
      throw new PgException(SqlState.INTERNAL_ERROR, "cannot convert column " + columns.get(i).name() + ": " + e, e);
    }
  }

  Object value(Row row, int i, PgTypeId type) throws SQLException {
    if (sums[i] == 0) return row.value(i + 1, type, columns.get(i).typeOid());
    Object sum = row.value(sums[i], PgTypeId.NUMERIC, PgTypeId.NUMERIC.oid());
    if (sum == null) return null;
    Object count = row.value(counts[i], PgTypeId.INT8, PgTypeId.INT8.oid());
    return ResultTypes.integerAverage(sum, count == null ? 0 : ((Number) count).longValue());
  }

  /**
   * A JDBC result set's current row. Timestamps are read as LocalDateTime: the driver's
   * java.sql.Timestamp loses the era of years before 1 AD.
   */
  static Row row(ResultSet rs) {
    return (column, type, oid) ->
        ResultTypes.convert(
            type == PgTypeId.TIMESTAMP ? rs.getObject(column, java.time.LocalDateTime.class) : rs.getObject(column), type, oid);
  }
}
