package io.timefusion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.sql.rewrite.SqlAst;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Errors DuckDB raises when it binds a query, completed with what PostgreSQL's message names and
 * DuckDB's leaves out, read from the query itself: the table of a column that must be grouped
 * ({@code column "t.id" must appear in the GROUP BY clause ...}) and the argument types of an
 * unknown function ({@code function foo(integer) does not exist}). When the query does not tell,
 * the error stays as {@link DuckDbErrors} words it.
 */
final class BindErrors {
  private static final Pattern UNGROUPED = Pattern.compile("column \"([^\".]+)\" must appear in the GROUP BY clause .*");
  private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("function (\\w+) does not exist");

  private BindErrors() {}

  /** {@code duckdb.prepareStatement(sql)}, its error in PostgreSQL's words. */
  static PreparedStatement prepare(Connection duckdb, String sql) {
    try {
      return duckdb.prepareStatement(sql);
    } catch (SQLException e) {
      throw explain(duckdb, sql, e);
    }
  }

  /** {@code e}, raised by preparing {@code sql}, as the client should see it. */
  static PgException explain(Connection duckdb, String sql, SQLException e) {
    PgException pg = DuckDbErrors.translate(e);
    Matcher ungrouped = UNGROUPED.matcher(pg.getMessage());
    Matcher unknown = UNKNOWN_FUNCTION.matcher(pg.getMessage());
    boolean grouping = pg.state() == SqlState.GROUPING_ERROR && ungrouped.matches();
    boolean function = pg.state() == SqlState.UNDEFINED_FUNCTION && unknown.matches();
    if (!grouping && !function) return pg;
    Optional<ObjectNode> ast = SqlAst.parse(duckdb, sql);
    if (ast.isEmpty()) return pg;
    try {
      if (grouping) {
        String table = tableOf(ast.get(), ungrouped.group(1));
        if (table != null) return new PgException(pg.state(), DuckDbMessages.groupByMessage(table + "." + ungrouped.group(1)), e);
      } else {
        String types = argumentTypes(duckdb, ast.get(), unknown.group(1));
        if (types != null) {
          return new PgException(pg.state(), "function " + unknown.group(1) + "(" + types + ") does not exist", null, pg.hint(), e);
        }
      }
    } catch (RuntimeException ignored) {
      // the query's tree is not what this reads: the error as DuckDB gave it
    }
    return pg;
  }

  /**
   * The name PostgreSQL qualifies an ungrouped column with: the qualifier it is written with, else
   * the alias or name of the one table its query reads; null for a join.
   */
  private static String tableOf(JsonNode tree, String column) {
    List<JsonNode> nodes = selectNodes(tree, new ArrayList<>());
    // a query with GROUP BY first; without one, the query whose aggregate made the column ungrouped
    for (boolean grouped : new boolean[] {true, false}) {
      for (JsonNode node : nodes) {
        if (grouped == node.path("group_expressions").isEmpty()) continue;
        JsonNode ref = columnRef(node.path("select_list"), column);
        if (ref == null) ref = columnRef(node.path("having"), column);
        if (ref == null) continue;
        JsonNode names = ref.path("column_names");
        if (names.size() >= 2) return names.get(names.size() - 2).asText();
        JsonNode from = node.path("from_table");
        String alias = from.path("alias").asText("");
        if (!alias.isEmpty()) return alias;
        if (from.path("type").asText().equals("BASE_TABLE")) return from.path("table_name").asText();
        return null;
      }
    }
    return null;
  }

  /**
   * The PostgreSQL types of the arguments of the first call of {@code name}: a literal's or a
   * cast's from the tree, the others as DuckDB binds them in a query of the call's own FROM.
   */
  private static String argumentTypes(Connection duckdb, ObjectNode tree, String name) {
    for (JsonNode node : selectNodes(tree, new ArrayList<>())) {
      JsonNode call = call(node.path("select_list"), name);
      if (call == null) call = call(node.path("where_clause"), name);
      if (call == null) continue;
      List<String> types = new ArrayList<>();
      ArrayNode probed = SqlAst.JSON.createArrayNode();
      for (JsonNode arg : call.path("children")) {
        String known = literalType(arg);
        types.add(known);
        if (known == null) {
          ObjectNode item = arg.deepCopy();
          item.put("alias", "");
          probed.add(item);
        }
      }
      if (!probed.isEmpty()) {
        List<String> bound = boundTypes(duckdb, tree, node, probed);
        if (bound == null) return null;
        for (int i = 0, j = 0; i < types.size(); i++) if (types.get(i) == null) types.set(i, bound.get(j++));
      }
      return String.join(", ", types);
    }
    return null;
  }

  private static String literalType(JsonNode arg) {
    String cls = arg.path("class").asText();
    if (cls.equals("CAST")) return DuckDbMessages.typeName(arg.path("cast_type").path("id").asText());
    if (!cls.equals("CONSTANT")) return null;
    JsonNode value = arg.path("value");
    String id = value.path("type").path("id").asText();
    if (value.path("is_null").asBoolean(false) || id.equals("VARCHAR")) return "unknown";
    return DuckDbMessages.typeName(id);
  }

  /** The types DuckDB gives {@code items} selected from {@code node}'s FROM, or null when it cannot bind them. */
  private static List<String> boundTypes(Connection duckdb, ObjectNode tree, JsonNode node, ArrayNode items) {
    ObjectNode probe = node.deepCopy();
    probe.set("select_list", items);
    probe.putNull("where_clause");
    probe.putNull("having");
    probe.putNull("qualify");
    probe.putArray("group_expressions");
    probe.putArray("group_sets");
    probe.putArray("modifiers");
    ObjectNode statement = tree.deepCopy();
    ((ObjectNode) statement.path("statements").get(0)).set("node", probe);
    Optional<String> sql = SqlAst.print(duckdb, statement);
    if (sql.isEmpty()) return null;
    try (PreparedStatement ps = duckdb.prepareStatement(sql.get())) {
      ResultSetMetaData md = ps.getMetaData();
      List<String> types = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) types.add(DuckDbMessages.typeName(md.getColumnTypeName(i)));
      return types;
    } catch (SQLException e) {
      return null;
    }
  }

  /** Every SELECT node of the tree, outermost first. */
  private static List<JsonNode> selectNodes(JsonNode n, List<JsonNode> out) {
    if (n.path("type").asText().equals("SELECT_NODE") && n.has("select_list")) out.add(n);
    for (JsonNode child : n) if (child.isContainerNode()) selectNodes(child, out);
    return out;
  }

  /** The first reference to {@code column} in {@code n}. */
  private static JsonNode columnRef(JsonNode n, String column) {
    return find(n, e -> e.path("class").asText().equals("COLUMN_REF") && e.path("column_names").size() > 0
        && e.path("column_names").get(e.path("column_names").size() - 1).asText().equalsIgnoreCase(column));
  }

  /** The first call of the function {@code name} in {@code n}. */
  private static JsonNode call(JsonNode n, String name) {
    return find(n, e -> e.path("class").asText().equals("FUNCTION") && e.path("function_name").asText().equalsIgnoreCase(name));
  }

  /** The first node of the expression {@code n} that matches, not looking into subqueries (their names are their own). */
  private static JsonNode find(JsonNode n, java.util.function.Predicate<JsonNode> match) {
    if (match.test(n)) return n;
    if (n.path("class").asText().equals("SUBQUERY")) return null;
    for (JsonNode child : n) {
      if (!child.isContainerNode()) continue;
      JsonNode found = find(child, match);
      if (found != null) return found;
    }
    return null;
  }
}
