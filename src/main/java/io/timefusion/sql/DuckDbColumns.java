package io.timefusion.sql;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;

import io.timefusion.catalog.PgTypeId;
import io.timefusion.sql.rewrite.PgSemantics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The client's columns of a DuckDB result. A rewritten query may end with hidden columns from which
 * the result layer computes a client column ({@link PgSemantics#HIDDEN_DIVIDEND}, {@link
 * PgSemantics#HIDDEN_DIVISOR}, {@link PgSemantics#HIDDEN_SOURCE} followed by the column's index):
 * a numeric quotient, which an AVG of integers also is, as PostgreSQL divides (and rounds, for
 * {@link PgSemantics#HIDDEN_ROUND}), and a float or text cast to numeric as PostgreSQL casts it. Which applies is decided by DuckDB's types, once the
 * query is bound; the hidden columns themselves are never sent.
 */
final class DuckDbColumns {
  private static final Set<String> INTEGERS =
      Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT");

  /** One row of a DuckDB result: a JDBC result set or an Arrow batch. */
  interface Row {
    /** Column {@code column} (1-based, as in JDBC) as {@link ResultTypes#convert} gives it for {@code oid}. */
    Object value(int column, PgTypeId type, int oid) throws SQLException;
  }

  /** How a client column's value is made. */
  private enum Display {
    /** DuckDB's value. */
    AS_IS,
    /** Its dividend divided by its divisor. */
    QUOTIENT,
    /** Its source, a float8, a float4 or text, cast to numeric. */
    FLOAT8,
    FLOAT4,
    TEXT
  }

  private final List<ResultColumn> columns;
  private final Display[] display;
  /** JDBC indexes of each client column's hidden dividend, divisor, source and rounding digits; 0 for none. */
  private final int[] dividends;
  private final int[] divisors;
  private final int[] sources;
  private final int[] roundings;
  /** DuckDB's type of each result column (index 0 is JDBC column 1), hidden ones included. */
  private final String[] duckTypes;

  private DuckDbColumns(
      List<ResultColumn> columns, Display[] display, int[] dividends, int[] divisors, int[] sources, int[] roundings, String[] duckTypes) {
    this.columns = columns;
    this.display = display;
    this.dividends = dividends;
    this.divisors = divisors;
    this.sources = sources;
    this.roundings = roundings;
    this.duckTypes = duckTypes;
  }

  static DuckDbColumns of(ResultSetMetaData md) throws SQLException {
    if (md == null) return new DuckDbColumns(List.of(), new Display[0], new int[0], new int[0], new int[0], new int[0], new String[0]);
    String[] duckTypes = new String[md.getColumnCount()];
    for (int j = 0; j < duckTypes.length; j++) duckTypes[j] = md.getColumnTypeName(j + 1);
    int visible = md.getColumnCount();
    while (visible > 0 && PgSemantics.isHidden(md.getColumnLabel(visible))) visible--;
    int[] dividends = new int[visible];
    int[] divisors = new int[visible];
    int[] sources = new int[visible];
    int[] roundings = new int[visible];
    boolean[] jsonb = new boolean[visible];
    for (int j = visible + 1; j <= md.getColumnCount(); j++) {
      String label = md.getColumnLabel(j);
      if (label.startsWith(PgSemantics.HIDDEN_JSONB)) jsonb[index(label, PgSemantics.HIDDEN_JSONB, visible)] = true;
      else if (label.startsWith(PgSemantics.HIDDEN_DIVIDEND)) dividends[index(label, PgSemantics.HIDDEN_DIVIDEND, visible)] = j;
      else if (label.startsWith(PgSemantics.HIDDEN_DIVISOR)) divisors[index(label, PgSemantics.HIDDEN_DIVISOR, visible)] = j;
      else if (label.startsWith(PgSemantics.HIDDEN_ROUND)) roundings[index(label, PgSemantics.HIDDEN_ROUND, visible)] = j;
      else sources[index(label, PgSemantics.HIDDEN_SOURCE, visible)] = j;
    }
    Display[] display = new Display[visible];
    List<ResultColumn> columns = new ArrayList<>(visible);
    for (int i = 0; i < visible; i++) {
      display[i] = display(duckTypes, i, dividends[i], divisors[i], sources[i]);
      int oid = display[i] != Display.AS_IS ? PgTypeId.NUMERIC.oid() : jsonb[i] ? PgTypeId.JSONB.oid() : ResultTypes.oidOf(duckTypes[i]);
      columns.add(new ResultColumn(md.getColumnLabel(i + 1), oid));
    }
    return new DuckDbColumns(List.copyOf(columns), display, dividends, divisors, sources, roundings, duckTypes);
  }

  /**
   * A quotient when the column is a decimal (a numeric division) or DuckDB's AVG of integers (a
   * double whose hidden sum is HUGEINT) and both operands are exact; a cast when the column is a
   * decimal made of a float or text; else DuckDB's value (an integer division, a float average).
   */
  private static Display display(String[] types, int i, int dividend, int divisor, int source) {
    String type = types[i];
    if (dividend > 0 && divisor > 0 && exact(types[dividend - 1]) && exact(types[divisor - 1])
        && (isDecimal(type) || type.equals("DOUBLE") && types[dividend - 1].equals("HUGEINT"))) {
      return Display.QUOTIENT;
    }
    if (source > 0 && isDecimal(type)) {
      return switch (types[source - 1]) {
        case "DOUBLE" -> Display.FLOAT8;
        case "FLOAT" -> Display.FLOAT4;
        case "VARCHAR" -> Display.TEXT;
        default -> Display.AS_IS;
      };
    }
    return Display.AS_IS;
  }

  private static boolean exact(String duckType) {
    return INTEGERS.contains(duckType) || isDecimal(duckType);
  }

  private static boolean isDecimal(String duckType) {
    return duckType.startsWith("DECIMAL");
  }

  /** Whether every column the client's values are read from can be read from Arrow ({@link ArrowValues}). */
  boolean streamable() {
    for (int i = 0; i < columns.size(); i++) {
      int[] read = switch (display[i]) {
        case AS_IS -> new int[] {i + 1};
        case QUOTIENT -> roundings[i] > 0 ? new int[] {dividends[i], divisors[i], roundings[i]} : new int[] {dividends[i], divisors[i]};
        case FLOAT8, FLOAT4 -> new int[] {sources[i]};
        case TEXT -> new int[] {sources[i], i + 1};
      };
      for (int column : read) {
        if (!ArrowValues.streams(duckTypes[column - 1])) return false;
      }
    }
    return true;
  }

  /** Whether {@code other} has the same client columns read from the same DuckDB types. */
  boolean sameAs(DuckDbColumns other) {
    return columns.equals(other.columns) && Arrays.equals(duckTypes, other.duckTypes) && Arrays.equals(display, other.display)
        && Arrays.equals(dividends, other.dividends) && Arrays.equals(divisors, other.divisors) && Arrays.equals(sources, other.sources)
        && Arrays.equals(roundings, other.roundings);
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
    switch (display[i]) {
      case QUOTIENT -> {
        Object dividend = row.value(dividends[i], PgTypeId.NUMERIC, PgTypeId.NUMERIC.oid());
        Object divisor = row.value(divisors[i], PgTypeId.NUMERIC, PgTypeId.NUMERIC.oid());
        if (dividend == null || divisor == null || ((BigDecimal) divisor).signum() == 0) return null;
        BigDecimal quotient = PgNumericDivision.divide((BigDecimal) dividend, (BigDecimal) divisor);
        if (roundings[i] == 0) return quotient;
        Object digits = row.value(roundings[i], PgTypeId.INT4, PgTypeId.INT4.oid());
        return quotient.setScale((Integer) digits, RoundingMode.HALF_UP); // round(numeric, n): half away from zero
      }
      case FLOAT8 -> {
        Object v = row.value(sources[i], PgTypeId.FLOAT8, PgTypeId.FLOAT8.oid());
        return v == null ? null : PgNumericCasts.float8((Double) v);
      }
      case FLOAT4 -> {
        Object v = row.value(sources[i], PgTypeId.FLOAT4, PgTypeId.FLOAT4.oid());
        return v == null ? null : PgNumericCasts.float4((Float) v);
      }
      case TEXT -> {
        Object v = row.value(sources[i], PgTypeId.TEXT, PgTypeId.TEXT.oid());
        BigDecimal d = v == null ? null : PgNumericCasts.text(v.toString());
        // text DuckDB reads and BigDecimal does not: DuckDB's number
        return d != null ? d : row.value(i + 1, type, columns.get(i).typeOid());
      }
      default -> {
        return row.value(i + 1, type, columns.get(i).typeOid());
      }
    }
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
