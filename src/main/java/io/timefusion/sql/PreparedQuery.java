package io.timefusion.sql;

import java.util.List;

/** A parsed statement, ready to run with parameters. */
public interface PreparedQuery {
  String sql();

  /** PostgreSQL type OIDs of the parameters ($1..$n), inferred where the client left them open. */
  int[] paramOids();

  /** The columns the statement returns; empty when it returns no rows (the wire says NoData). */
  List<ResultColumn> columns();
}
