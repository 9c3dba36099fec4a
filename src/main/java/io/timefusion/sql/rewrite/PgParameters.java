package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives query parameters a type where DuckDB cannot infer one from context. PostgreSQL gives such
 * a parameter the type the client declared ({@code SELECT $1} with an int2 parameter returns an
 * int2 column), while DuckDB leaves it untyped and then cannot describe the result before the
 * values are bound; casting the parameter to the declared type makes the statement describable.
 */
public final class PgParameters {
  /** DuckDB's AST of each type name, as its parser builds it. */
  private static final Map<String, JsonNode> TYPE_NODES = new ConcurrentHashMap<>();

  private PgParameters() {}

  /**
   * {@code sql} with each parameter {@code $n} that {@code types} maps (n to a DuckDB type name)
   * cast to that type; empty when DuckDB cannot round-trip the statement or parse a type.
   */
  public static Optional<String> cast(Connection duckdb, String sql, Map<Integer, String> types) {
    Optional<ObjectNode> ast = SqlAst.parse(duckdb, sql);
    if (ast.isEmpty()) return Optional.empty();
    Map<Integer, JsonNode> typeNodes = new java.util.HashMap<>();
    for (Map.Entry<Integer, String> t : types.entrySet()) {
      JsonNode node = typeNode(duckdb, t.getValue());
      if (node == null) return Optional.empty();
      typeNodes.put(t.getKey(), node);
    }
    castParameters(ast.get(), typeNodes);
    return SqlAst.print(duckdb, ast.get());
  }

  private static JsonNode castParameters(JsonNode node, Map<Integer, JsonNode> types) {
    if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, castParameters(a.get(i), types));
      return a;
    }
    if (!(node instanceof ObjectNode o)) return node;
    if (o.path("class").asText().equals("PARAMETER")) {
      JsonNode type = types.get(parameterNumber(o));
      if (type == null) return o;
      ObjectNode c = SqlAst.cast(o, type.deepCopy());
      c.put("alias", o.path("alias").asText());
      o.put("alias", "");
      return c;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      field.setValue(castParameters(field.getValue(), types));
    }
    return o;
  }

  private static int parameterNumber(JsonNode parameter) {
    try {
      return Integer.parseInt(parameter.path("identifier").asText());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The cast_type node DuckDB's parser makes of {@code type}, or null when it cannot parse it. */
  private static JsonNode typeNode(Connection duckdb, String type) {
    JsonNode cached = TYPE_NODES.get(type);
    if (cached != null) return cached;
    JsonNode node =
        SqlAst.parse(duckdb, "SELECT CAST(NULL AS " + type + ")")
            .map(a -> a.path("statements").path(0).path("node").path("select_list").path(0).path("cast_type"))
            .filter(JsonNode::isObject)
            .orElse(null);
    if (node != null) TYPE_NODES.put(type, node);
    return node;
  }
}
