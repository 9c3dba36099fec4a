package io.timefusion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.sql.rewrite.SqlAst;
import java.sql.Connection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps client SQL away from the files under the tables: the engine may read the table
 * directories (the views do), but a client reading a Parquet file directly would bypass the
 * tenant guard. File-reading table functions and file paths used as tables are refused (42501),
 * wherever they are nested.
 */
final class FileAccessGuard {
  private static final Set<String> FILE_FUNCTIONS =
      Set.of(
          "read_parquet", "parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata",
          "parquet_kv_metadata", "parquet_bloom_probe", "read_csv", "read_csv_auto", "sniff_csv", "read_json",
          "read_json_auto", "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto",
          "read_ndjson_objects", "read_text", "read_blob", "glob", "delta_scan", "iceberg_scan", "read_xlsx");
  private static final Pattern MAYBE = Pattern.compile("(?i)/|\\\\|\\.(parquet|csv|json|txt|tsv)|read_|parquet|glob|_scan|sniff");

  private FileAccessGuard() {}

  /** Refuses {@code sql} if it reads files by path; cheap when it obviously does not. */
  static void check(Connection duckdb, String sql) {
    if (!MAYBE.matcher(sql).find()) return;
    Optional<ObjectNode> ast = SqlAst.parse(duckdb, sql);
    if (ast.isEmpty()) {
      // DuckDB cannot show us the statement: refuse it if it even names a file function
      String lower = sql.toLowerCase(Locale.ROOT);
      for (String f : FILE_FUNCTIONS) {
        if (Pattern.compile("\\b" + f + "\\s*\\(").matcher(lower).find()) throw refused(f);
      }
      return;
    }
    visit(ast.get());
  }

  private static void visit(JsonNode n) {
    if (n == null || n.isValueNode()) return;
    if (n.isObject()) {
      String type = n.path("type").asText("");
      if (type.equals("FUNCTION") || type.equals("TABLE_FUNCTION")) {
        String name = n.path("function_name").asText("").toLowerCase(Locale.ROOT);
        if (FILE_FUNCTIONS.contains(name)) throw refused(name);
      }
      if (type.equals("BASE_TABLE")) {
        String name = n.path("table_name").asText("");
        if (name.contains("/") || name.contains("\\") || name.contains(".")) {
          throw new PgException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied: files cannot be read as tables");
        }
      }
    }
    for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) visit(it.next());
  }

  private static PgException refused(String function) {
    return new PgException(
        SqlState.INSUFFICIENT_PRIVILEGE, "permission denied for function " + function + ": query the tables instead");
  }
}
