package io.timefusion.write;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A parsed {@code INSERT}, reusable as a prepared statement: {@link #parse} once, then {@link
 * #bind} any number of times with different parameters. Literal values are already converted to
 * their columns' types, so binding only copies them into Arrow vectors.
 */
public final class InsertStatement {
  private final TableSchema table;
  private final int[] targetColumns;
  private final int[] paramOids;
  private final Source source;

  InsertStatement(TableSchema table, int[] targetColumns, int[] paramOids, Source source) {
    this.table = table;
    this.targetColumns = targetColumns;
    this.paramOids = paramOids;
    this.source = source;
  }

  /**
   * Parses an INSERT against the registry's tables.
   *
   * @throws UnsupportedInsertException for valid SQL this parser leaves to the query engine
   * @throws PgException for errors PostgreSQL would report (unknown table or column, bad value...)
   */
  public static InsertStatement parse(String sql, SchemaRegistry registry) {
    return new InsertParser(sql, registry).parse();
  }

  /** Cheap check that a statement starts with the INSERT keyword (after spaces and comments). */
  public static boolean isInsert(String sql) {
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) i++;
      else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') i++;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) return false;
        i = end + 2;
      } else break;
    }
    return sql.regionMatches(true, i, "insert", 0, 6)
        && (i + 6 == n || !Character.isLetterOrDigit(sql.charAt(i + 6)) && sql.charAt(i + 6) != '_');
  }

  public TableSchema table() {
    return table;
  }

  /** Positions (in the table schema) of the columns the statement writes, in statement order. */
  public int[] targetColumns() {
    return targetColumns.clone();
  }

  public int paramCount() {
    return paramOids.length;
  }

  /**
   * The PostgreSQL type OID of each parameter ($1 first), from its explicit cast or else from the
   * column it is assigned to; 0 where the statement does not say.
   */
  public int[] paramOids() {
    return paramOids.clone();
  }

  /**
   * Builds the batch for one execution: the full table schema, unnamed columns null, {@code date}
   * derived from {@code timestamp} where absent. The caller owns (and closes) the returned root.
   * Fails atomically: on any error no vector is left allocated.
   */
  public VectorSchemaRoot bind(List<Object> params, BufferAllocator allocator) {
    List<Object> p = params == null ? List.of() : params;
    if (p.size() < paramOids.length) {
      throw new PgException(
          SqlState.PROTOCOL_VIOLATION,
          "bind message supplies " + p.size() + " parameters, but prepared statement requires " + paramOids.length);
    }
    return source.bind(this, p, allocator);
  }

  boolean[] written() {
    boolean[] w = new boolean[table.columns().size()];
    for (int c : targetColumns) w[c] = true;
    return w;
  }

  /** Where the rows come from. */
  sealed interface Source permits ValuesSource, UnnestSource {
    VectorSchemaRoot bind(InsertStatement st, List<Object> params, BufferAllocator allocator);
  }

  /** {@code VALUES (...), (...)} or {@code SELECT <one row>}: a column store per target column. */
  record ValuesSource(ColumnValues[] columns, int rows) implements Source {
    @Override
    public VectorSchemaRoot bind(InsertStatement st, List<Object> params, BufferAllocator allocator) {
      try (BatchBuilder b = new BatchBuilder(st.table, rows, st.written(), allocator)) {
        for (ColumnValues c : columns) c.writeTo(b, params);
        return b.finish();
      }
    }
  }

  /**
   * {@code SELECT * FROM unnest(a, b, ...)} or {@code SELECT unnest(a), x, ...}: arrays are zipped
   * (shorter ones padded with nulls, as PostgreSQL does); plain items repeat on every row.
   */
  record UnnestSource(int[] columns, InsertParser.Expr[] items, boolean[] unnest) implements Source {
    @Override
    public VectorSchemaRoot bind(InsertStatement st, List<Object> params, BufferAllocator allocator) {
      Object[] values = new Object[items.length];
      int rows = 0;
      for (int j = 0; j < items.length; j++) {
        Object v = items[j].value(params);
        if (unnest[j]) {
          List<?> list = asList(v, st.table.column(columns[j]).name());
          rows = Math.max(rows, list.size());
          v = list;
        }
        values[j] = v;
      }
      try (BatchBuilder b = new BatchBuilder(st.table, rows, st.written(), allocator)) {
        for (int j = 0; j < items.length; j++) {
          int c = columns[j];
          if (unnest[j]) {
            List<?> list = (List<?>) values[j];
            for (int r = 0, n = list.size(); r < n; r++) b.set(c, r, list.get(r));
          } else if (values[j] != null) {
            for (int r = 0; r < rows; r++) b.set(c, r, values[j]);
          }
        }
        return b.finish();
      }
    }

    private static List<?> asList(Object v, String column) {
      if (v == null) return List.of();
      if (v instanceof List<?> l) return l;
      if (v instanceof Object[] a) return Arrays.asList(a);
      if (v instanceof String s) {
        char[] c = s.toCharArray();
        try {
          return TextInput.parseArray(c, 0, c.length);
        } catch (ValueException e) {
          throw e.plain();
        }
      }
      throw new PgException(
          SqlState.DATATYPE_MISMATCH,
          "function unnest(" + Coercion.typeOf(v) + ") does not exist",
          "argument for column \"" + column + "\"",
          null,
          null);
    }
  }
}
