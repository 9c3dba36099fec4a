package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A set-returning function in a select list gives rows in PostgreSQL: {@code SELECT
 * generate_series(1, 3)} is three rows, {@code SELECT id, generate_series(1, 2) FROM t} two per
 * row of t, and two such functions side by side run in step, the shorter padded with NULLs. In
 * DuckDB's select list generate_series is a scalar function returning one list; {@code
 * unnest(list)} gives PostgreSQL's rows, with the same stepping and padding ({@code unnest} itself
 * already behaves so). Arguments of aggregates and window functions are left alone, where
 * PostgreSQL refuses a set-returning function anyway.
 *
 * <p>In a grouped query PostgreSQL runs a set-returning function that is part of a grouping key
 * before grouping ({@code SELECT unnest(hashes) h, count(*) ... GROUP BY 1} counts each tag),
 * which DuckDB refuses ("UNNEST not supported here"). Such functions move into a lateral subquery
 * joined to the query's FROM, {@code FROM t, (SELECT unnest(t.hashes) AS __tf_srf_1) __tf_srf},
 * several in one select list so that they still run in step; the key and every identical
 * expression of the select list, HAVING and ORDER BY read its column. A row whose functions give
 * no rows (a NULL or empty array) joins nothing, as PostgreSQL gives it no rows. Functions outside
 * the grouping keys stay in the select list and run after grouping, as in PostgreSQL.
 */
final class PgSetReturningFunctions {
  private PgSetReturningFunctions() {}

  private static final String LATERAL = PgSemantics.SET_ROWS;

  /** Rewrites the select lists of every select node below {@code node}. */
  static void apply(JsonNode node) {
    if (node instanceof ObjectNode o && !o.has("class") && o.path("type").asText().equals("SELECT_NODE")) {
      liftGroupingKeys(o);
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

  /** Moves the set-returning functions of a select node's grouping keys into a lateral subquery. */
  private static void liftGroupingKeys(ObjectNode select) {
    ArrayNode items = (ArrayNode) select.path("select_list");
    List<ObjectNode> lifted = new ArrayList<>();
    for (JsonNode key : select.path("group_expressions")) {
      JsonNode keyExpression = key;
      if (key.path("class").asText().equals("CONSTANT") && key.path("value").path("type").path("id").asText().equals("INTEGER")) {
        int position = key.path("value").path("value").asInt();
        if (position >= 1 && position <= items.size()) keyExpression = items.get(position - 1);
      } else if (key.path("class").asText().equals("COLUMN_REF") && key.path("column_names").size() == 1) {
        for (JsonNode item : items) {
          if (item.path("alias").asText().equals(key.path("column_names").get(0).asText())) keyExpression = item;
        }
      }
      collectSets(keyExpression, lifted);
    }
    if (lifted.isEmpty()) return;
    List<JsonNode> shapes = new ArrayList<>();
    ObjectNode lateral = SqlAst.select(null);
    ArrayNode columns = (ArrayNode) lateral.path("select_list");
    for (ObjectNode set : lifted) {
      shapes.add(shape(set));
      ObjectNode column = set.deepCopy();
      column.put("alias", LATERAL + "_" + shapes.size());
      columns.add(column);
    }
    for (String field : new String[] {"select_list", "group_expressions", "having", "qualify", "modifiers"}) {
      select.set(field, replaceSets(select.path(field), shapes));
    }
    ObjectNode rows = SqlAst.subquery(lateral, LATERAL, java.util.List.of());
    JsonNode from = select.path("from_table");
    select.set("from_table", from.path("type").asText().equals("EMPTY") ? rows : SqlAst.crossJoin(from, rows));
  }

  /** The set-returning calls in {@code e}, outside aggregates, subqueries and lambdas, not yet in {@code into}. */
  private static void collectSets(JsonNode e, List<ObjectNode> into) {
    if (!(e instanceof ObjectNode o)) {
      for (JsonNode child : e) if (child.isContainerNode()) collectSets(child, into);
      return;
    }
    String cls = o.path("class").asText();
    if (cls.equals("SUBQUERY") || cls.equals("LAMBDA") || PgNumeric.isAggregate(o)) return;
    if (isSet(o)) {
      JsonNode shape = shape(o);
      if (into.stream().noneMatch(s -> shape(s).equals(shape))) into.add(o);
      return;
    }
    for (JsonNode child : o) if (child.isContainerNode()) collectSets(child, into);
  }

  /** {@code e} with each call whose shape is one of {@code shapes} replaced by its lateral column. */
  private static JsonNode replaceSets(JsonNode e, List<JsonNode> shapes) {
    if (e instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, replaceSets(a.get(i), shapes));
      return a;
    }
    if (!(e instanceof ObjectNode o)) return e;
    String cls = o.path("class").asText();
    if (cls.equals("SUBQUERY") || cls.equals("LAMBDA") || PgNumeric.isAggregate(o)) return o;
    if (isSet(o)) {
      int i = shapes.indexOf(shape(o));
      if (i >= 0) {
        ObjectNode column = SqlAst.columnRef(LATERAL, LATERAL + "_" + (i + 1));
        column.put("alias", o.path("alias").asText());
        return column;
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isContainerNode()) field.setValue(replaceSets(field.getValue(), shapes));
    }
    return o;
  }

  private static boolean isSet(JsonNode e) {
    String fn = e.path("function_name").asText();
    return e.path("class").asText().equals("FUNCTION") && (fn.equals("unnest") || fn.equals("generate_series"))
        && !e.path("is_operator").asBoolean(false) && e.path("filter").isNull();
  }

  /** An expression without its alias and text locations: equal shapes are the same expression. */
  private static JsonNode shape(JsonNode e) {
    JsonNode copy = e.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode e) {
    if (e instanceof ObjectNode o) {
      o.remove("alias");
      o.remove("query_location");
    }
    for (JsonNode child : e) if (child.isContainerNode()) strip(child);
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
