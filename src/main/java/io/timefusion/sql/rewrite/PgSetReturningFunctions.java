package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A set-returning function in a select list gives rows in PostgreSQL: {@code SELECT
 * generate_series(1, 3)} is three rows, {@code SELECT id, generate_series(1, 2) FROM t} two per
 * row of t, and two such functions side by side run in step, the shorter padded with NULLs. In
 * DuckDB's select list generate_series is a scalar function returning one list; {@code
 * unnest(list)} gives PostgreSQL's rows, with the same stepping and padding ({@code unnest} itself
 * already behaves so). Arguments of aggregates and window functions are left alone, where
 * PostgreSQL refuses a set-returning function anyway.
 */
final class PgSetReturningFunctions {
  private PgSetReturningFunctions() {}

  /** Rewrites the select lists of every select node below {@code node}. */
  static void apply(JsonNode node) {
    if (node instanceof ObjectNode o && !o.has("class") && o.path("type").asText().equals("SELECT_NODE")) {
      ArrayNode items = (ArrayNode) o.path("select_list");
      for (int i = 0; i < items.size(); i++) items.set(i, inSelectList(items.get(i)));
    }
    for (JsonNode child : node) {
      if (child.isContainerNode()) apply(child);
    }
  }

  private static JsonNode inSelectList(JsonNode e) {
    if (!(e instanceof ObjectNode o)) return e;
    String cls = o.path("class").asText();
    if (cls.equals("SUBQUERY") || cls.equals("LAMBDA") || PgNumeric.isAggregate(o)) return o;
    if (cls.equals("FUNCTION") && o.path("function_name").asText().equals("generate_series")
        && !o.path("is_operator").asBoolean(false) && o.path("filter").isNull()) {
      ObjectNode rows = SqlAst.function("unnest", o);
      rows.put("alias", o.path("alias").asText());
      o.put("alias", "");
      return integerSeries(o) ? named(SqlAst.cast(rows, SqlAst.type("INTEGER")), rows) : rows;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue() instanceof ArrayNode a) {
        for (int i = 0; i < a.size(); i++) a.set(i, inSelectList(a.get(i)));
      } else if (field.getValue().isObject()) {
        field.setValue(inSelectList(field.getValue()));
      }
    }
    return o;
  }

  /** generate_series of int4 constants is int4 in PostgreSQL; DuckDB's is a bigint. */
  private static boolean integerSeries(JsonNode series) {
    for (JsonNode arg : series.path("children")) {
      if (!arg.path("class").asText().equals("CONSTANT") || !arg.path("value").path("type").path("id").asText().equals("INTEGER")) {
        return false;
      }
    }
    return series.path("children").size() > 0;
  }

  private static ObjectNode named(ObjectNode cast, ObjectNode inner) {
    cast.put("alias", inner.path("alias").asText());
    inner.put("alias", "");
    return cast;
  }
}
