package io.timefusion.sql;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.write.InsertStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slow path for INSERTs whose values are expressions the in-house parser does not evaluate
 * (function calls, arithmetic, SELECT from other relations): DuckDB computes the rows of the
 * source query, and they enter the write path as parameters of one multi-row INSERT, so they are
 * validated and logged exactly like every other write.
 */
final class InsertFallback {
  private static final Pattern HEAD =
      Pattern.compile(
          "(?is)^\\s*insert\\s+into\\s+((?:\"[^\"]+\"|[a-z_][a-z0-9_$]*)(?:\\s*\\.\\s*(?:\"[^\"]+\"|[a-z_][a-z0-9_$]*))?)\\s*(?:\\(([^)]*)\\))?\\s*(.*?)\\s*;?\\s*$");

  final TableSchema table;
  final List<String> columns;
  final String sourceSql;

  private InsertFallback(TableSchema table, List<String> columns, String sourceSql) {
    this.table = table;
    this.columns = columns;
    this.sourceSql = sourceSql;
  }

  static InsertFallback of(String sql, SchemaRegistry registry) {
    Matcher m = HEAD.matcher(sql);
    if (!m.matches()) throw new PgException(SqlState.SYNTAX_ERROR, "syntax error in INSERT statement");
    String name = unquote(m.group(1).replaceAll("\\s", ""));
    if (name.startsWith("public.")) name = name.substring("public.".length());
    String tableName = name;
    TableSchema table =
        registry
            .table(tableName)
            .orElseThrow(() -> new PgException(SqlState.UNDEFINED_TABLE, "relation \"" + tableName + "\" does not exist"));
    List<String> cols = new ArrayList<>();
    if (m.group(2) != null) {
      for (String c : m.group(2).split(",")) cols.add(unquote(c.trim()));
    } else {
      table.columns().forEach(c -> cols.add(c.name()));
    }
    String source = m.group(3);
    if (source.isBlank()) throw new PgException(SqlState.SYNTAX_ERROR, "INSERT has no VALUES or SELECT");
    String lead = StatementKind.leadingWords(source, 1).length == 0 ? "" : StatementKind.leadingWords(source, 1)[0];
    if (!Arrays.asList("values", "select", "with", "(").contains(lead)) {
      throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "INSERT form not supported: " + lead.toUpperCase());
    }
    return new InsertFallback(table, cols, source);
  }

  /** A multi-row INSERT with one parameter per value, for {@code rows} rows of the target columns. */
  InsertStatement statementFor(int rows, SchemaRegistry registry) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(table.name())).append(" (");
    for (int i = 0; i < columns.size(); i++) sql.append(i > 0 ? ", " : "").append(quote(columns.get(i)));
    sql.append(") VALUES ");
    int p = 1;
    for (int r = 0; r < rows; r++) {
      sql.append(r > 0 ? ", (" : "(");
      for (int c = 0; c < columns.size(); c++) sql.append(c > 0 ? ", $" : "$").append(p++);
      sql.append(')');
    }
    return InsertStatement.parse(sql.toString(), registry);
  }

  private static String unquote(String s) {
    return s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s.toLowerCase();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
