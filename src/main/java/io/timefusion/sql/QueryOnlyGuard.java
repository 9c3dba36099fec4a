package io.timefusion.sql;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.sql.rewrite.SqlAst;
import java.sql.Connection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps a statement routed as a query to reading. A WITH clause can lead to DELETE, INSERT or
 * UPDATE, and EXPLAIN ANALYZE runs the statement it explains: DuckDB would change its own tables
 * with them, the system catalog's among them. Such statements are refused like the other
 * statements TimeFusion does not run (0A000).
 */
final class QueryOnlyGuard {
  private static final Pattern EXPLAIN = Pattern.compile("(?is)^\\s*explain(\\s+analyze)?\\s+");

  private QueryOnlyGuard() {}

  static void check(Connection duckdb, String sql) {
    String first = StatementKind.leadingWords(sql, 1).length == 0 ? "" : StatementKind.leadingWords(sql, 1)[0];
    if (!first.equals("with") && !first.equals("explain")) return;
    String statement = EXPLAIN.matcher(sql).replaceFirst("");
    if (SqlAst.isNotSelect(duckdb, statement)) {
      throw new PgException(
          SqlState.FEATURE_NOT_SUPPORTED,
          "statement not supported: " + first.toUpperCase(Locale.ROOT) + " of a statement that changes data"
              + " (TimeFusion tables are append-only; use INSERT and SELECT)");
    }
  }
}
