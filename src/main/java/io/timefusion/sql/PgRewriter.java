package io.timefusion.sql;

import io.timefusion.sql.rewrite.PgSemantics;
import java.sql.Connection;

/**
 * Gives user SQL PostgreSQL semantics where DuckDB's differ. Only rewrites that change answers
 * of real queries live here, each with a test; everything else runs as written.
 */
final class PgRewriter {
  private PgRewriter() {}

  static String rewrite(Connection duckdb, String sql) {
    return PgSemantics.rewrite(duckdb, sql);
  }
}
