package io.timefusion.sql;

import java.util.List;

/**
 * The outcome of running a statement: a cursor over rows, if it returns any, and its command tag.
 * Rows are produced as the client reads them.
 */
public interface QueryResult extends AutoCloseable {
  /** Result columns; empty when the statement returns no rows. */
  List<ResultColumn> columns();

  /** Advances to the next row; false when there are no more. */
  boolean next();

  /** Value of column {@code i} (0-based) of the current row, typed as {@link SqlSession} says. */
  Object get(int i);

  /**
   * The command tag. For row-returning statements whose tag is "SELECT" the wire layer appends the
   * number of rows sent; other tags ("INSERT 0 5", "SET", "BEGIN", "SHOW") are sent as they are.
   */
  String commandTag();

  @Override
  void close();

  /** The result of a statement that returns no rows, only its command tag. */
  static QueryResult completed(String tag) {
    return SimpleResult.tag(tag);
  }
}
