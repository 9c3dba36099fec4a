package io.timefusion.sql;

import java.util.List;

/** A result computed by the server itself (command tags, SHOW answers). */
final class SimpleResult implements QueryResult {
  private final List<ResultColumn> columns;
  private final List<Object[]> rows;
  private final String tag;
  private int pos = -1;

  SimpleResult(List<ResultColumn> columns, List<Object[]> rows, String tag) {
    this.columns = columns;
    this.rows = rows;
    this.tag = tag;
  }

  static SimpleResult tag(String tag) {
    return new SimpleResult(List.of(), List.of(), tag);
  }

  @Override
  public List<ResultColumn> columns() {
    return columns;
  }

  @Override
  public boolean next() {
    return ++pos < rows.size();
  }

  @Override
  public Object get(int i) {
    return rows.get(pos)[i];
  }

  @Override
  public String commandTag() {
    return tag;
  }

  @Override
  public void close() {}
}
