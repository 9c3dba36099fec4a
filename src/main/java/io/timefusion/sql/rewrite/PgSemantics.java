package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites one query through DuckDB's AST so it answers as PostgreSQL would: PostgreSQL's output
 * column names ({@link PgColumnNames}), its system catalog ({@link PgCatalogSyntax}, {@link
 * CatalogReferences}), numeric averages ({@link PgAverages}) and expression semantics ({@link
 * PgExpressions}). A statement DuckDB cannot round-trip runs as written.
 */
public final class PgSemantics {
  private static final Pattern EXPLAIN = Pattern.compile("(?is)\\s*explain(\\s+analyze)?\\s+");
  private static final Pattern QUERY_START =
      Pattern.compile("(\\s|--[^\\n]*\\n|/\\*.*?\\*/)*(\\(|(select|with|values|from|table)\\b)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /**
   * Labels of the hidden columns a rewritten query ends with: followed by {@code i}, the sum and
   * the count of the AVG in the client's column {@code i} (see {@link PgAverages}).
   */
  public static final String AVERAGE_SUM = PgAverages.HIDDEN_SUM;
  public static final String AVERAGE_COUNT = PgAverages.HIDDEN_COUNT;

  private PgSemantics() {}

  public static String rewrite(Connection duckdb, String sql) {
    // EXPLAIN shows the plan of the query as it runs: rewritten.
    Matcher explain = EXPLAIN.matcher(sql);
    if (explain.lookingAt()) return sql.substring(0, explain.end()) + rewrite(duckdb, sql.substring(explain.end()));
    // json_serialize_sql also accepts statements it turns into selects (SHOW becomes DESCRIBE).
    if (!QUERY_START.matcher(sql).lookingAt()) return sql;
    String text = PgCatalogSyntax.normalize(sql);
    Optional<ObjectNode> ast = SqlAst.parse(duckdb, text);
    if (ast.isEmpty()) return text;
    JsonNode statements = ast.get().path("statements");
    if (statements.size() != 1 || !(statements.get(0) instanceof ObjectNode statement)) return text;
    PgColumnNames.apply(statement, text);
    CatalogReferences.apply(statement, text);
    PgAverages.apply(statement);
    PgExpressions.rewrite(statement.path("node"), text);
    return SqlAst.print(duckdb, ast.get()).orElse(text);
  }
}
