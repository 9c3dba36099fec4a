package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL's AVG of integers is numeric: the sum divided by the count in numeric division, whose
 * display scale depends on both (avg of 1 and 2 prints 1.5000000000000000, avg of 1 alone
 * 1.00000000000000000000, avg of 15000 alone 15000.0000000000000000 but of 10000 and 20000
 * 15000.000000000000). DuckDB's AVG is a double, and no DuckDB number carries a scale per row, so
 * the result layer divides the sum by the count itself wherever an average reaches the client as
 * it is:
 *
 * <ul>
 *   <li>An AVG among the client's columns stays DuckDB's AVG, and the query gains two hidden
 *       columns, a dividend and a divisor ({@link PgSemantics#HIDDEN_DIVIDEND}): {@code
 *       tf_avg_sum(x, sum(x))} (the sum only for an integer x, else a NULL double) and {@code
 *       count(x)}, with the AVG's own FILTER, DISTINCT and OVER.
 *   <li>An AVG selected by a CTE or derived table becomes {@code tf_avg(x, sum(x), count(x),
 *       avg(x))}: for an integer x a struct of the double value, the sum and the count, for any
 *       other DuckDB's AVG. Selected as it is by the client, the column becomes the double and two
 *       hidden columns again ({@code tf_avg_part}); a star hands the struct itself to the client.
 *       Any other reference reads the double back ({@code tf_avg_value}), so arithmetic,
 *       comparisons and further aggregates see a number, and ORDER BY sorts by it. GROUP BY keeps
 *       the struct.
 *   <li>AVG inside any other expression stays DuckDB's double, except in a numeric cast or round()
 *       among the client's columns ({@link PgNumericColumns}).
 * </ul>
 *
 * <p>Columns are matched by name, not resolved: the macros pass anything but the struct through
 * unchanged, so a same-named column elsewhere is unaffected.
 */
final class PgAverages {
  /** The statement's own select node, whose items are the client's columns. */
  private final JsonNode root;
  /** Select nodes whose items reach a reader as they are: the statement's own, CTEs, derived tables. */
  private final Set<JsonNode> passthrough = Collections.newSetFromMap(new IdentityHashMap<>());
  /** The column aliases a CTE or derived table gives its node's items ({@code WITH c(a, b)}). */
  private final Map<JsonNode, JsonNode> columnAliases = new IdentityHashMap<>();
  /** Lower-case names of columns that may hold an average struct. */
  private final Set<String> averageColumns = new HashSet<>();

  private PgAverages(JsonNode root) {
    this.root = root;
  }

  static void apply(ObjectNode statement) {
    JsonNode root = statement.path("node");
    PgAverages averages = new PgAverages(root);
    if (isSelect(root)) averages.passthrough.add(root);
    averages.findRelations(root);
    averages.nameAverageColumns();
    averages.visit(root);
  }

  private void findRelations(JsonNode n) {
    if (n instanceof ObjectNode o) {
      for (JsonNode cte : o.path("cte_map").path("map")) {
        addRelation(cte.path("value").path("query").path("node"), cte.path("value").path("aliases"));
      }
      if (!o.has("class") && o.path("type").asText().equals("SUBQUERY")) {
        addRelation(o.path("subquery").path("node"), o.path("column_name_alias"));
      }
    }
    for (JsonNode child : n) findRelations(child);
  }

  private void addRelation(JsonNode node, JsonNode aliases) {
    if (!isSelect(node)) return;
    passthrough.add(node);
    columnAliases.put(node, aliases);
  }

  /** Columns an average item names, and columns that select those as they are, to a fixed point. */
  private void nameAverageColumns() {
    boolean grew = true;
    while (grew) {
      grew = false;
      for (JsonNode node : passthrough) {
        JsonNode items = node.path("select_list");
        JsonNode aliases = columnAliases.get(node);
        for (int i = 0; i < items.size(); i++) {
          JsonNode item = items.get(i);
          if (!isAverage(item) && !isAverageColumn(item)) continue;
          grew |= averageColumns.add(outputName(item).toLowerCase(Locale.ROOT));
          if (aliases != null && i < aliases.size()) {
            grew |= averageColumns.add(aliases.get(i).asText().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
  }

  /** Rewrites every expression below {@code n}, children first; returns the replacement. */
  private JsonNode visit(JsonNode n) {
    if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, visit(a.get(i)));
      return a;
    }
    if (!(n instanceof ObjectNode o)) return n;
    // A lambda's parameters are column references too; its body is left as written.
    if (o.path("class").asText().equals("LAMBDA")) return o;
    if (isSelect(o)) {
      visitSelect(o);
      return o;
    }
    if (o.path("type").asText().equals("ORDER_MODIFIER")) {
      for (JsonNode order : o.path("orders")) {
        if (!isColumnRef(order.path("expression"))) ((ObjectNode) order).set("expression", visit(order.path("expression")));
      }
      return o;
    }
    visitFields(o);
    if (!o.has("class")) return o;
    JsonNode replaced = rewriteExpression(o);
    if (replaced != o) {
      ((ObjectNode) replaced).put("alias", o.path("alias").asText());
      o.put("alias", "");
    }
    return replaced;
  }

  private void visitFields(ObjectNode o) {
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      field.setValue(visit(field.getValue()));
    }
  }

  private void visitSelect(ObjectNode select) {
    boolean reachesReader = passthrough.contains(select);
    // The average structs this node selects, by output name and by position, for its ORDER BY.
    Map<String, JsonNode> averagesByName = new HashMap<>();
    Map<Integer, JsonNode> averagesByPosition = new HashMap<>();
    ArrayNode items = (ArrayNode) select.path("select_list");
    Set<String> aliases = aliasesOf(items);
    List<JsonNode> hidden = new ArrayList<>();
    boolean positional = true;
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      positional &= !item.path("class").asText().equals("STAR");
      boolean clientColumn = select == root && positional;
      if (reachesReader && isAverage(item) && clientColumn) {
        // The client's column i: DuckDB's AVG, and for an integer argument its sum and count.
        ObjectNode avg = (ObjectNode) item;
        visitFields(avg);
        hidden.addAll(sumAndCount(avg, i));
        aliases.add(outputName(avg).toLowerCase(Locale.ROOT));
      } else if (reachesReader && isAverage(item)) {
        ObjectNode avg = (ObjectNode) item;
        ObjectNode asWritten = avg.deepCopy();
        asWritten.put("alias", "");
        averagesByName.put(outputName(avg).toLowerCase(Locale.ROOT), asWritten);
        if (positional) averagesByPosition.put(i + 1, asWritten);
        visitFields(avg);
        items.set(i, numericAverage(avg));
      } else if (reachesReader && isColumnRef(item)) {
        if (clientColumn && isAverageColumn(item)) {
          String name = outputName(item);
          items.set(i, named(SqlAst.function("tf_avg_value", item.deepCopy()), name));
          hidden.add(named(SqlAst.function("tf_avg_part", item.deepCopy(), PgExpressions.text("tf_sum")), PgSemantics.HIDDEN_DIVIDEND + i));
          hidden.add(named(SqlAst.function("tf_avg_part", item.deepCopy(), PgExpressions.text("tf_count")), PgSemantics.HIDDEN_DIVISOR + i));
          aliases.add(name.toLowerCase(Locale.ROOT));
        }
      } else {
        items.set(i, visitItem(item));
      }
    }
    items.addAll(hidden);
    for (Iterator<Map.Entry<String, JsonNode>> it = select.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      switch (field.getKey()) {
        case "select_list" -> {}
        case "group_expressions" -> {
          ArrayNode groups = (ArrayNode) field.getValue();
          for (int i = 0; i < groups.size(); i++) {
            if (!isColumnRef(groups.get(i))) groups.set(i, visit(groups.get(i)));
          }
        }
        case "modifiers" -> {
          boolean distinct = false;
          for (JsonNode m : field.getValue()) distinct |= m.path("type").asText().equals("DISTINCT_MODIFIER");
          for (JsonNode m : field.getValue()) {
            if (m.path("type").asText().equals("ORDER_MODIFIER")) {
              orderBy(m, distinct ? Map.of() : averagesByName, distinct ? Map.of() : averagesByPosition, aliases);
            } else {
              visit(m);
            }
          }
        }
        default -> field.setValue(visit(field.getValue()));
      }
    }
  }

  /**
   * ORDER BY a numeric average of this node, by name or position, sorts by DuckDB's own AVG: the
   * struct would order equal averages by their sums before the next sort key. Any other average
   * column is read back, unless the name is one of this node's aliases, whose type DuckDB does not
   * know when it picks a macro overload.
   */
  private void orderBy(JsonNode orderModifier, Map<String, JsonNode> byName, Map<Integer, JsonNode> byPosition, Set<String> aliases) {
    for (JsonNode order : orderModifier.path("orders")) {
      JsonNode e = order.path("expression");
      boolean ref = isColumnRef(e);
      JsonNode asWritten = null;
      if (ref && e.path("column_names").size() == 1) {
        asWritten = byName.get(lastName(e).toLowerCase(Locale.ROOT));
      } else if (e.path("class").asText().equals("CONSTANT") && e.path("value").path("type").path("id").asText().equals("INTEGER")) {
        asWritten = byPosition.get(e.path("value").path("value").asInt());
      }
      if (asWritten != null) {
        ((ObjectNode) order).set("expression", visit(asWritten.deepCopy()));
      } else if (!(ref && aliases.contains(lastName(e).toLowerCase(Locale.ROOT)))) {
        ((ObjectNode) order).set("expression", visit(e));
      }
    }
  }

  /** Names that select items give columns that are not a column of the same name. */
  private static Set<String> aliasesOf(JsonNode items) {
    Set<String> aliases = new HashSet<>();
    for (JsonNode item : items) {
      String alias = item.path("alias").asText();
      if (!alias.isEmpty() && !(isColumnRef(item) && lastName(item).equalsIgnoreCase(alias))) aliases.add(alias.toLowerCase(Locale.ROOT));
    }
    return aliases;
  }

  private JsonNode visitItem(JsonNode item) {
    JsonNode replaced = visit(item);
    // A reference read back keeps the column's name.
    if (replaced != item && isColumnRef(item) && replaced.path("alias").asText().isEmpty()) {
      ((ObjectNode) replaced).put("alias", lastName(item));
    }
    return replaced;
  }

  /**
   * The hidden columns of client column {@code i} that is {@code avg}: {@code tf_avg_sum(x, sum(x))}
   * (the sum for an integer x, else a NULL double) and {@code count(x)}, with the AVG's own modifiers.
   */
  static List<ObjectNode> sumAndCount(ObjectNode avg, int i) {
    JsonNode x = avg.path("children").get(0);
    return List.of(
        named(SqlAst.function("tf_avg_sum", x.deepCopy(), renamed(avg, "sum")), PgSemantics.HIDDEN_DIVIDEND + i),
        named(renamed(avg, "count"), PgSemantics.HIDDEN_DIVISOR + i));
  }

  /** {@code tf_avg(x, sum(x), count(x), avg(x))}, each aggregate with the AVG's modifiers. */
  private static ObjectNode numericAverage(ObjectNode avg) {
    String name = outputName(avg);
    avg.put("alias", "");
    ObjectNode call = SqlAst.function(
        "tf_avg", avg.path("children").get(0).deepCopy(), renamed(avg, "sum"), renamed(avg, "count"), avg);
    call.put("alias", name);
    return call;
  }

  private static ObjectNode named(ObjectNode e, String alias) {
    e.put("alias", alias);
    return e;
  }

  private static ObjectNode renamed(ObjectNode aggregate, String name) {
    ObjectNode copy = aggregate.deepCopy();
    copy.put("function_name", name);
    copy.put("alias", "");
    return copy;
  }

  private JsonNode rewriteExpression(ObjectNode e) {
    if (isAverageColumn(e)) return SqlAst.function("tf_avg_value", e);
    if (e.path("class").asText().equals("CAST") && PgExpressions.INTEGER_TYPES.contains(e.path("cast_type").path("id").asText())) {
      // A numeric casts to an integer rounding half away from zero (2.5 -> 3); a double rounds
      // half to even.
      JsonNode child = e.path("child");
      if (isAverage(child)) {
        e.set("child", SqlAst.function("round", child));
      } else if (child.path("function_name").asText().equals("tf_avg_value") && child.path("class").asText().equals("FUNCTION")) {
        ((ObjectNode) child).put("function_name", "tf_avg_round");
      }
    }
    return e;
  }

  private boolean isAverageColumn(JsonNode e) {
    return isColumnRef(e) && averageColumns.contains(lastName(e).toLowerCase(Locale.ROOT));
  }

  static boolean isAverage(JsonNode e) {
    String cls = e.path("class").asText();
    boolean aggregate = cls.equals("FUNCTION") && !e.path("is_operator").asBoolean(false)
        || cls.equals("WINDOW") && e.path("type").asText().equals("WINDOW_AGGREGATE");
    return aggregate && e.path("function_name").asText().equals("avg") && e.path("children").size() == 1;
  }

  private static boolean isSelect(JsonNode n) {
    return !n.has("class") && n.path("type").asText().equals("SELECT_NODE");
  }

  private static boolean isColumnRef(JsonNode e) {
    return e.path("class").asText().equals("COLUMN_REF");
  }

  private static String lastName(JsonNode ref) {
    JsonNode parts = ref.path("column_names");
    return parts.get(parts.size() - 1).asText();
  }

  /** The name a select item gives its column: its alias, else PostgreSQL's name for it. */
  private static String outputName(JsonNode item) {
    String alias = item.path("alias").asText();
    if (!alias.isEmpty()) return alias;
    return isColumnRef(item) ? lastName(item) : "avg";
  }
}
