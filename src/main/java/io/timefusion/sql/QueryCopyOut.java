package io.timefusion.sql;

import java.util.List;

/** A COPY TO STDOUT: the rows of its query, with the COPY's format. */
final class QueryCopyOut implements CopyOut {
  private final QueryResult rows;
  private final CopyOptions options;

  QueryCopyOut(QueryResult rows, CopyOptions options) {
    this.rows = rows;
    this.options = options;
  }

  @Override
  public CopyOptions options() {
    return options;
  }

  @Override
  public List<ResultColumn> columns() {
    return rows.columns();
  }

  @Override
  public boolean next() {
    return rows.next();
  }

  @Override
  public Object get(int i) {
    return rows.get(i);
  }

  @Override
  public String commandTag() {
    return "COPY";
  }

  @Override
  public void close() {
    rows.close();
  }
}
