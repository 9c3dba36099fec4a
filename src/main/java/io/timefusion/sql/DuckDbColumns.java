package io.timefusion.sql;

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

  private final List<ResultColumn> columns;
  /** JDBC indexes of the sum and the count of each client column that is an integer average; else 0. */
  private final int[] sums;
  private final int[] counts;

  private DuckDbColumns(List<ResultColumn> columns, int[] sums, int[] counts) {
    this.columns = columns;
    this.sums = sums;
    this.counts = counts;
  }

  static DuckDbColumns of(ResultSetMetaData md) throws SQLException {
    if (md == null) return new DuckDbColumns(List.of(), new int[0], new int[0]);
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
    return new DuckDbColumns(List.copyOf(columns), sums, counts);
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
  Object value(ResultSet rs, int i, PgTypeId type) throws SQLException {
    if (sums[i] == 0) return ResultTypes.convert(rs.getObject(i + 1), type, columns.get(i).typeOid());
    Object sum = rs.getObject(sums[i]);
    return sum == null ? null : ResultTypes.integerAverage(sum, rs.getLong(counts[i]));
  }
}
