package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A numeric whose PostgreSQL display scale depends on its value cannot be one DuckDB decimal
 * column: a quotient ({@code 3::numeric / 7} prints 0.42857142857142857143, {@code 10::numeric /
 * 4} 2.5000000000000000) and a float or text cast to numeric ({@code 0.5::float8::numeric} prints
 * 0.5, {@code '1.50'::numeric} 1.50). Where such a value is one of the client's columns, the query
 * also returns what it is made of, as hidden columns after the client's: the dividend and the
 * divisor ({@link PgSemantics#HIDDEN_DIVIDEND}, {@link PgSemantics#HIDDEN_DIVISOR}) or the value
 * cast ({@link PgSemantics#HIDDEN_SOURCE}), each followed by the column's index, and the result
 * layer computes the column as PostgreSQL does. The same holds for {@code round(v, n)} of such a
 * quotient ({@link PgSemantics#HIDDEN_ROUND} holds n): PostgreSQL rounds the quotient it computed
 * (an average of large integers may have no decimals left to round), which DuckDB holds to 15
 * significant digits only. The client's column itself stays DuckDB's value, so ORDER BY and
 * comparisons see the number.
 *
 * <p>Hidden columns must not change the rows: none are added to a DISTINCT query, and in a
 * grouped query only those whose columns are aggregated or grouped by name.
 */
final class PgNumericColumns {
  private PgNumericColumns() {}

  static void apply(JsonNode root) {
    if (!root.path("type").asText().equals("SELECT_NODE") || root.has("class")) return;
    for (JsonNode m : root.path("modifiers")) {
      if (m.path("type").asText().equals("DISTINCT_MODIFIER")) return;
    }
    Set<String> grouped = groupedColumns(root);
    ArrayNode items = (ArrayNode) root.path("select_list");
    List<JsonNode> hidden = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (item.path("class").asText().equals("STAR") || PgSemantics.isHidden(item.path("alias").asText())) break;
      JsonNode digits = roundedDigits(item);
      JsonNode value = digits == null ? item : item.path("child").path("children").get(0);
      // a quotient cast to numeric (as round's argument is) is that quotient
      if (isCast(value) && isQuotient(value.path("children").get(1))) value = value.path("children").get(1);
      boolean quotient;
      if (isQuotient(value) && safe(value.path("children").get(2), grouped) && safe(value.path("children").get(3), grouped)) {
        hidden.add(named(value.path("children").get(2).deepCopy(), PgSemantics.HIDDEN_DIVIDEND + i));
        hidden.add(named(value.path("children").get(3).deepCopy(), PgSemantics.HIDDEN_DIVISOR + i));
        quotient = true;
      } else if (isCast(value) && safe(value.path("children").get(1), grouped)) {
        JsonNode x = value.path("children").get(1);
        // AVG of integers is numeric already: the cast keeps its value and scale
        quotient = PgAverages.isAverage(x);
        if (quotient) hidden.addAll(PgAverages.sumAndCount((ObjectNode) x, i));
        if (digits == null) hidden.add(named(x.deepCopy(), PgSemantics.HIDDEN_SOURCE + i));
      } else {
        continue;
      }
      // round(quotient, n): the quotient PostgreSQL computes, rounded to n digits. Only a quotient
      // is printed from hidden columns; any other rounded value is DuckDB's as it is.
      if (digits != null && quotient) hidden.add(named(digits.deepCopy(), PgSemantics.HIDDEN_ROUND + i));
    }
    items.addAll(hidden);
  }

  /** The n of {@code round(value, n)} as the round rewrite leaves it ({@code CAST(round(v, n) AS DECIMAL(38, n))}), else null. */
  private static JsonNode roundedDigits(JsonNode item) {
    if (!item.path("class").asText().equals("CAST")) return null;
    JsonNode round = item.path("child");
    boolean rounded = round.path("class").asText().equals("FUNCTION") && round.path("function_name").asText().equals("round")
        && round.path("children").size() == 2 && round.path("children").get(1).path("class").asText().equals("CONSTANT");
    return rounded ? round.path("children").get(1) : null;
  }

  /** {@code tf_div(pa, pb, a, b)} or {@code tf_div_by(pa, pb, a, b, r)}: a / b. */
  private static boolean isQuotient(JsonNode e) {
    String fn = e.path("function_name").asText();
    int n = e.path("children").size();
    return e.path("class").asText().equals("FUNCTION") && (fn.equals("tf_div") && n == 4 || fn.equals("tf_div_by") && n == 5);
  }

  /** {@code tf_numeric(p, x)} or {@code tf_numeric_sum(p, x)}: x::numeric. */
  private static boolean isCast(JsonNode e) {
    String fn = e.path("function_name").asText();
    return e.path("class").asText().equals("FUNCTION") && (fn.equals("tf_numeric") || fn.equals("tf_numeric_sum"))
        && e.path("children").size() == 2;
  }

  private static ObjectNode named(JsonNode e, String alias) {
    ((ObjectNode) e).put("alias", alias);
    return (ObjectNode) e;
  }

  /**
   * The lower-case names of the columns a grouped select node groups by, or null when it is not
   * grouped. GROUP BY ALL groups by every select item without an aggregate, so a hidden column
   * would be one more key: it groups by nothing here.
   */
  private static Set<String> groupedColumns(JsonNode select) {
    boolean all = select.path("aggregate_handling").asText().equals("FORCE_AGGREGATES");
    if (!all && select.path("group_expressions").isEmpty() && select.path("group_sets").isEmpty()) return null;
    Set<String> names = new HashSet<>();
    if (all) return names;
    for (JsonNode g : select.path("group_expressions")) {
      if (g.path("class").asText().equals("COLUMN_REF")) names.add(lastName(g));
    }
    return names;
  }

  /** Whether {@code e}, as a select item of its own, is valid and does not change the grouping. */
  private static boolean safe(JsonNode e, Set<String> grouped) {
    if (grouped == null) return true;
    if (e.isArray()) {
      for (JsonNode item : e) if (!safe(item, grouped)) return false;
      return true;
    }
    String cls = e.path("class").asText();
    if (PgNumeric.isAggregate(e) || cls.equals("SUBQUERY")) return true;
    if (cls.equals("COLUMN_REF")) return grouped.contains(lastName(e));
    if (cls.equals("STAR")) return false;
    int probes = probeArguments(e);
    for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode child = field.getValue();
      if (field.getKey().equals("children")) {
        for (int i = probes; i < child.size(); i++) if (!safe(child.get(i), grouped)) return false;
      } else if (child.isContainerNode() && !safe(child, grouped)) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many leading arguments of a numeric macro call are type probes ({@link PgNumeric#typeProbe}):
   * DuckDB binds them only for their type and drops them, so they name columns freely.
   */
  private static int probeArguments(JsonNode e) {
    if (!e.path("class").asText().equals("FUNCTION")) return 0;
    return switch (e.path("function_name").asText()) {
      case "tf_numeric", "tf_numeric_sum" -> 1;
      case "tf_div", "tf_div_by" -> 2;
      default -> 0;
    };
  }

  private static String lastName(JsonNode ref) {
    JsonNode parts = ref.path("column_names");
    return parts.get(parts.size() - 1).asText().toLowerCase(Locale.ROOT);
  }
}
