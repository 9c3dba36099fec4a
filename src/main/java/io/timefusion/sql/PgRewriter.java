package io.timefusion.sql;

/**
 * Gives user SQL PostgreSQL semantics where DuckDB's differ. Only rewrites that change answers
 * of real queries live here, each with a test; everything else runs as written.
 */
final class PgRewriter {
  private PgRewriter() {}

  static String rewrite(String sql) {
    return sql;
  }
}
