package io.timefusion.sql;

import io.timefusion.catalog.PgTypeId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Rows of a DuckDB result read through JDBC, which DuckDB materializes before the first row (see
 * {@link ArrowQueryResult} for results that stream).
 */
final class DuckDbQueryResult implements QueryResult {
  private final Statement statement;
  private final ResultSet rs;
  private final DuckDbColumns.Row row;
  private final DuckDbColumns columns;
  private final PgTypeId[] types;
  private final String tag;
  private final Runnable onClose;
  private boolean closed;

  DuckDbQueryResult(Statement statement, ResultSet rs, DuckDbColumns columns, String tag, Runnable onClose) {
    this.statement = statement;
    this.rs = rs;
    this.row = DuckDbColumns.row(rs);
    this.columns = columns;
    this.types = columns.columns().stream().map(c -> PgTypeId.byOid(c.typeOid())).toArray(PgTypeId[]::new);
    this.tag = tag;
    this.onClose = onClose;
  }

  @Override
  public List<ResultColumn> columns() {
    return columns.columns();
  }

  @Override
  public boolean next() {
    try {
      return rs.next();
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  @Override
  public Object get(int i) {
    return columns.get(row, i, types[i]);
  }

  @Override
  public String commandTag() {
    return tag;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      rs.close();
      statement.close();
    } catch (SQLException ignored) {
      // closing a finished result cannot lose data
    } finally {
      onClose.run();
    }
  }
}
