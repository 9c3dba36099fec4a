package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites one query through DuckDB's AST so it answers as PostgreSQL would: PostgreSQL's output
 * column names ({@link PgColumnNames}), rows of set-returning functions in a select list ({@link
 * PgSetReturningFunctions}), its system catalog ({@link PgCatalogSyntax}, {@link
 * CatalogReferences}), numeric averages ({@link PgAverages}), expression semantics ({@link
 * PgExpressions}, {@link PgNumeric}), PostgreSQL's JSON operators and functions ({@link PgJson}),
 * array functions and date_bin ({@link PgArrayCalls}), scalar functions and casts ({@link PgFunctionCalls}), untyped literals in arithmetic ({@link
 * PgUntypedLiterals}) and the numeric columns the result layer prints ({@link PgNumericColumns}).
 * A statement DuckDB cannot round-trip runs as written.
 */
public final class PgSemantics {
  private static final Pattern EXPLAIN = Pattern.compile("(?is)\\s*explain(\\s+analyze)?\\s+");
  private static final Pattern QUERY_START =
      Pattern.compile("(\\s|--[^\\n]*\\n|/\\*.*?\\*/)*(\\(|(select|with|values|from|table)\\b)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /**
   * Labels of the hidden columns a rewritten query ends with, each followed by the index {@code
   * i} of a client column that the result layer computes from them: the dividend and the divisor
   * of a numeric quotient, which an AVG of integers is ({@link PgAverages}, {@link
   * PgNumericColumns}), the value a numeric cast converts, and the digits a quotient is rounded to
   * ({@link PgNumericColumns}).
   */
  public static final String HIDDEN_DIVIDEND = "__tf_dividend_";
  public static final String HIDDEN_DIVISOR = "__tf_divisor_";
  public static final String HIDDEN_SOURCE = "__tf_source_";
  /** The n of a client column that is round(quotient, n). */
  public static final String HIDDEN_ROUND = "__tf_round_";
  /** Marks a client column that is jsonb ({@link PgJson}); DuckDB's type says only JSON. */
  public static final String HIDDEN_JSONB = "__tf_jsonb_";

  /**
   * The alias of the lateral subquery in which a grouped query's set-returning functions run
   * ({@link PgSetReturningFunctions}): its columns are the rewrite's own, so a column the query
   * names without a table still means the table's.
   */
  public static final String SET_ROWS = "__tf_srf";

  /** Whether a result column with this label is one of the hidden columns above. */
  public static boolean isHidden(String label) {
    return label.startsWith(HIDDEN_DIVIDEND) || label.startsWith(HIDDEN_DIVISOR) || label.startsWith(HIDDEN_SOURCE)
        || label.startsWith(HIDDEN_ROUND) || label.startsWith(HIDDEN_JSONB);
  }

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
    PgArrowPrecedence.apply(statement, text);
    CastText.floatIsDouble(statement, text.getBytes(StandardCharsets.UTF_8));
    PgColumnNames.apply(statement, text);
    PgSetReturningFunctions.apply(statement.path("node"));
    CatalogReferences.apply(statement, text);
    PgAverages.apply(statement);
    PgUntypedLiterals.apply(statement.path("node"));
    PgExpressions.rewrite(statement.path("node"), text);
    // JSON first: its @> and <@ are those with a JSON side; the rest are arrays'
    PgJson.apply(statement.path("node"));
    PgArrayCalls.rewrite(statement.path("node"));
    PgNumericColumns.apply(statement.path("node"));
    return SqlAst.print(duckdb, ast.get()).orElse(text);
  }
}
