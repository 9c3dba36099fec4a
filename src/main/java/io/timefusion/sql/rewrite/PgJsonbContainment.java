package io.timefusion.sql.rewrite;

import static io.timefusion.sql.rewrite.SqlAst.function;

import com.fasterxml.jackson.databind.JsonNode;
import io.timefusion.query.PgJsonb;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code j @> '{"user": "bob"}'} with a constant object on the right, as DuckDB JSON lookups
 * instead of a call of the Java containment ({@code tf_jsonb_contains}) per row: each key of the
 * template is a JSON pointer into {@code j}, and a row is contained when every scalar is there,
 * equal and of the same JSON type (numbers by value), every nested object is an object holding its
 * own keys, and every array contains the template's (that part goes to the Java containment, on
 * the array alone). The same answers as PostgreSQL's containment, at a tenth of the cost: the
 * first lookup, the value's, drops most rows, and the type checks run on what is left.
 */
final class PgJsonbContainment {
  /** A key a pointer reads as an array index where the value is an array. */
  private static final Pattern INDEX = Pattern.compile("\\d+");
  /** Digits a double holds exactly; a number with more is compared by the Java containment. */
  private static final int DOUBLE_DIGITS = 15;

  private PgJsonbContainment() {}

  /**
   * {@code container @> template} as DuckDB lookups, or null when the template is no constant
   * object (the Java containment then takes the whole value).
   */
  static JsonNode of(JsonNode container, JsonNode template) {
    if (!template.path("class").asText().equals("CONSTANT") || template.path("value").path("is_null").asBoolean(false)
        || !template.path("value").path("type").path("id").asText().equals("VARCHAR")) {
      return null;
    }
    JsonNode t;
    try {
      t = PgJsonb.parse(template.path("value").path("value").asText());
    } catch (PgJsonb.InvalidJson e) {
      return null;
    }
    if (!t.isObject()) return null;
    JsonNode conditions = object(container, "", t);
    return function("tf_jsonb_contained", container, conditions);
  }

  /** The conditions for the object at {@code pointer} of {@code j} to contain {@code t}. */
  private static JsonNode object(JsonNode j, String pointer, JsonNode t) {
    // A key found is found in an object, unless a pointer reads it as an index.
    boolean indexLike = t.isEmpty();
    JsonNode conditions = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pair = it.next();
      indexLike |= INDEX.matcher(pair.getKey()).matches();
      String at = pointer + "/" + pair.getKey().replace("~", "~0").replace("/", "~1");
      conditions = SqlAst.and(conditions, value(j, at, pair.getValue()));
    }
    JsonNode isObject = lookup("tf_json_type_at", j, pointer, PgExpressions.text("OBJECT"));
    return indexLike ? SqlAst.and(conditions, isObject) : conditions;
  }

  private static JsonNode value(JsonNode j, String at, JsonNode v) {
    if (v.isTextual()) return lookup("tf_json_string_at", j, at, PgExpressions.text(v.textValue()));
    if (v.isBoolean()) return lookup("tf_json_boolean_at", j, at, PgExpressions.text(v.asText()));
    if (v.isNull()) return lookup("tf_json_type_at", j, at, PgExpressions.text("NULL"));
    if (v.isObject()) return object(j, at, v);
    if (v.isNumber() && v.decimalValue().stripTrailingZeros().precision() <= DOUBLE_DIGITS) {
      BigDecimal n = v.decimalValue();
      return lookup("tf_json_number_at", j, at, SqlAst.constant("DOUBLE", SqlAst.JSON.getNodeFactory().numberNode(n.doubleValue())));
    }
    return lookup("tf_jsonb_contains_at", j, at, PgExpressions.text(v.toString()));
  }

  private static JsonNode lookup(String macro, JsonNode j, String pointer, JsonNode expected) {
    return function(macro, j.deepCopy(), PgExpressions.text(pointer), expected);
  }
}
