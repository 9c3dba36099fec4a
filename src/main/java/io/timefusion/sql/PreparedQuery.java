package io.timefusion.sql;

import java.util.List;

/** A parsed statement, ready to run with parameters. */
public interface PreparedQuery {
  String sql();

  /** PostgreSQL type OIDs of the parameters ($1..$n), inferred where the client left them open. */
  int[] paramOids();

  /** The columns the statement returns; empty when it returns no rows (the wire says NoData). */
  List<ResultColumn> columns();

  /**
   * The cursor statement this is, or null. The caller keeps the cursors: it runs FETCH, MOVE and
   * CLOSE itself, and {@link SqlSession#execute} of a DECLARE returns the open result of its query.
   */
  default CursorStatement cursor() {
    return null;
  }
}
