package io.timefusion.sql.rewrite;

import static io.timefusion.sql.rewrite.SqlAst.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL's JSON operators and functions over DuckDB's JSON text: {@code @>}, {@code <@},
 * {@code ?}, {@code ?|}, {@code ?&}, {@code #>}, {@code #>>}, the json and jsonb functions
 * (extract_path, object_keys, array_elements, array_length, typeof, each, build_object, to_json,
 * agg, object_agg, jsonb_pretty), and jsonb's printed form. The functions called are created by
 * {@code io.timefusion.query.PgJsonFunctions}.
 *
 * <p>DuckDB has one JSON type, so whether a value is json or jsonb is known here, from how it was
 * written: a cast to jsonb, a jsonb function, an operator applied to either. The jsonb operators
 * ({@code @>} and {@code <@} also compare arrays) apply where an operand is known to be JSON, as
 * PostgreSQL needs; a jsonb select item of the outermost query prints as PostgreSQL prints jsonb
 * and is sent as jsonb.
 *
 * <p>DuckDB's parser reads {@code ?} as a parameter and {@code #} as a column position: {@link
 * PgCatalogSyntax} replaces the operators {@code ?}, {@code ?|}, {@code ?&}, {@code #>} and {@code
 * #>>} by {@link #placeholder placeholders}, operators DuckDB parses with the same precedence, and
 * this maps those back.
 */
final class PgJson {
  private enum Kind { NONE, JSON, JSONB }

  /** PostgreSQL's operators that DuckDB cannot parse, by the operator that stands for each. */
  private static final Map<String, String> PLACEHOLDERS =
      Map.of("?", "@~>", "?|", "@~>|", "?&", "@~>&", "#>", "~>@", "#>>", "~>>@");
  private static final Set<String> TABLE_FUNCTIONS =
      Set.of("json_each", "jsonb_each", "json_each_text", "jsonb_each_text", "json_array_elements", "jsonb_array_elements",
          "json_array_elements_text", "jsonb_array_elements_text", "json_object_keys", "jsonb_object_keys");

  /** The kind of each node this pass made whose kind its shape does not tell. */
  private final Map<JsonNode, Kind> kinds = new IdentityHashMap<>();

  private PgJson() {}

  /** The operator DuckDB parses in place of PostgreSQL's {@code operator}, or null when it parses that one. */
  static String placeholder(String operator) {
    return PLACEHOLDERS.get(operator);
  }

  /** Rewrites the statement's node in place. */
  static void apply(JsonNode node) {
    PgJson r = new PgJson();
    r.visit(node);
    r.printAsJsonb(node, true);
  }

  private JsonNode visit(JsonNode n) {
    if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, visit(a.get(i)));
      return a;
    }
    if (!(n instanceof ObjectNode o)) return n;
    if (o.path("type").asText().equals("TABLE_FUNCTION") && TABLE_FUNCTIONS.contains(name(o.path("function")))) {
      visit(o.path("function").path("children"));
      return tableFunction(o);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      field.setValue(visit(field.getValue()));
    }
    if (!o.has("class")) return o;
    JsonNode replaced = expression(o);
    if (replaced != o) {
      ((ObjectNode) replaced).put("alias", o.path("alias").asText());
      o.put("alias", "");
    }
    return replaced;
  }

  private static String name(JsonNode function) {
    return function.path("function_name").asText().toLowerCase(Locale.ROOT);
  }

  private JsonNode expression(ObjectNode e) {
    String cls = e.path("class").asText();
    if (cls.equals("CAST")) {
      // jsonb cast to text is its printed form
      String target = e.path("cast_type").path("id").asText();
      if (target.equals("VARCHAR") && kindOf(e.path("child")) == Kind.JSONB) {
        e.set("child", function("tf_jsonb_print", e.path("child")));
      }
      return e;
    }
    if (!cls.equals("FUNCTION")) return e;
    String fn = name(e);
    ArrayNode args = (ArrayNode) e.path("children");
    if (e.path("is_operator").asBoolean(false)) {
      JsonNode replaced = args.size() == 2 ? operator(fn, args.get(0), args.get(1)) : null;
      return replaced == null ? e : replaced;
    }
    int n = args.size();
    JsonNode first = n > 0 ? args.get(0) : null;
    return switch (fn) {
      case "json_extract_path", "jsonb_extract_path" -> n < 1 ? e : kind(path(first, rest(args)), kindOf(fn));
      case "json_extract_path_text", "jsonb_extract_path_text" -> n < 1 ? e : text(path(first, rest(args)), kindOf(fn));
      case "json_object_keys" -> n != 1 ? e : rows(function("tf_json_object_keys", first, PgExpressions.text(fn)), Kind.NONE);
      case "jsonb_object_keys" -> n != 1 ? e : rows(function("tf_jsonb_object_keys", first), Kind.NONE);
      case "json_array_elements", "jsonb_array_elements" -> n != 1 ? e : rows(elements(fn, first), kindOf(fn));
      case "json_array_elements_text", "jsonb_array_elements_text" -> n != 1 ? e : rows(elements(fn, first), Kind.NONE);
      case "json_array_length", "jsonb_array_length" -> n != 1 ? e : function("tf_json_array_length", first);
      case "json_typeof", "jsonb_typeof" -> n != 1 ? e : function("tf_json_typeof", first);
      case "jsonb_pretty" -> n != 1 ? e : function("tf_jsonb_pretty", first);
      case "to_json", "to_jsonb" -> n != 1 ? e : kind(toJson(first), kindOf(fn));
      case "json_build_object", "jsonb_build_object" -> kind(buildObject(args), kindOf(fn));
      case "json_agg", "jsonb_agg" -> n != 1 ? e
          : kind(e.path("distinct").asBoolean(false) ? distinctArray(e, first) : aggregate(e, "[", orNull(toJson(first)), "]"), kindOf(fn));
      case "json_object_agg", "jsonb_object_agg" ->
          n != 2 ? e : kind(aggregate(e, "{ ", pair(args.get(0), 0, args.get(1)), " }"), kindOf(fn));
      // pg_typeof of a jsonb value (DuckDB's would say json)
      case "pg_typeof" -> n == 1 && kindOf(first) == Kind.JSONB ? PgExpressions.text("jsonb") : e;
      default -> e;
    };
  }

  private JsonNode operator(String op, JsonNode left, JsonNode right) {
    return switch (op) {
      case "@~>" -> function("tf_jsonb_exists", left, right);
      case "@~>|" -> function("tf_jsonb_exists_any", left, textArray(right));
      case "@~>&" -> function("tf_jsonb_exists_all", left, textArray(right));
      case "~>@" -> kind(path(left, textArray(right)), jsonKind(left));
      case "~>>@" -> text(path(left, textArray(right)), jsonKind(left));
      case "@>", "<@" -> {
        // jsonb containment where either side is JSON; else DuckDB's (arrays)
        if (kindOf(left) == Kind.NONE && kindOf(right) == Kind.NONE) yield null;
        JsonNode container = op.equals("@>") ? left : right;
        JsonNode contained = op.equals("@>") ? right : left;
        JsonNode lookups = PgJsonbContainment.of(container, literal(contained));
        yield lookups != null ? lookups : function("tf_jsonb_contains", asJson(container), asJson(contained));
      }
      // ->> of jsonb prints an object or array as jsonb
      case "->>" -> kindOf(left) == Kind.JSONB ? function("tf_jsonb_text", function("json_extract", left, right)) : null;
      default -> null;
    };
  }

  /** The PostgreSQL function's result kind: jsonb for jsonb_*, else json. */
  private static Kind kindOf(String fn) {
    return fn.startsWith("jsonb") || fn.equals("to_jsonb") ? Kind.JSONB : Kind.JSON;
  }

  /** What PostgreSQL knows an expression to be: a cast to json or jsonb, or what this pass made of one. */
  private Kind kindOf(JsonNode e) {
    Kind k = kinds.get(e);
    if (k != null) return k;
    switch (e.path("class").asText()) {
      case "CAST" -> {
        JsonNode type = e.path("cast_type");
        String name = type.path("type_info").path("name").asText().toLowerCase(Locale.ROOT);
        if (name.equals("jsonb")) return Kind.JSONB;
        if (name.equals("json") || type.path("id").asText().equals("JSON")) return Kind.JSON;
        return Kind.NONE;
      }
      case "LAMBDA" -> {
        // a single arrow is ->, JSON access (DuckDb.connect disables it as a lambda)
        return jsonKind(e.path("lhs"));
      }
      default -> {
        return Kind.NONE;
      }
    }
  }

  /** The kind of a JSON operator's result on {@code operand}: jsonb's for jsonb, json's for anything else. */
  private Kind jsonKind(JsonNode operand) {
    return kindOf(operand) == Kind.JSONB ? Kind.JSONB : Kind.JSON;
  }

  private JsonNode kind(ObjectNode e, Kind k) {
    kinds.put(e, k);
    return e;
  }

  /** The text of a JSON value, as ->> gives it: strings unquoted, objects and arrays printed as json or jsonb. */
  private static ObjectNode text(ObjectNode json, Kind k) {
    if (k == Kind.JSON && json.path("class").asText().equals("FUNCTION") && name(json).equals("json_extract")) {
      json.put("function_name", "json_extract_string");
      return json;
    }
    return function(k == Kind.JSONB ? "tf_jsonb_text" : "tf_json_text", json);
  }

  /** A set-returning function's list as rows; PostgreSQL gives such rows in a select list too. */
  private JsonNode rows(ObjectNode list, Kind k) {
    return kind(function("unnest", list), k);
  }

  private static ObjectNode elements(String fn, JsonNode json) {
    if (fn.equals("jsonb_array_elements_text")) return function("tf_jsonb_array_elements_text", json);
    String list = fn.endsWith("_text") ? "tf_json_array_elements_text" : "tf_json_array_elements";
    boolean jsonb = fn.startsWith("jsonb");
    return function(list, json,
        PgExpressions.text(jsonb ? "cannot extract elements from an object" : "cannot call " + fn + " on a non-array"),
        PgExpressions.text(jsonb ? "cannot extract elements from a scalar" : "cannot call " + fn + " on a scalar"));
  }

  /**
   * The value at {@code path} (a text[]) in {@code json}, as #> finds it. A constant path is one
   * lookup by JSON pointer, which like PostgreSQL reads a step as an index in an array and as a
   * key in an object. Other paths, and those with a NULL step (NULL) or a negative index (from
   * the end), go step by step.
   */
  private static ObjectNode path(JsonNode json, JsonNode path) {
    JsonNode list = path.path("class").asText().equals("CAST") ? path.path("child") : path;
    if (!list.path("class").asText().equals("FUNCTION") || !name(list).equals("list_value")) return function("tf_json_path", json, path);
    StringBuilder pointer = new StringBuilder();
    for (JsonNode step : list.path("children")) {
      JsonNode constant = step.path("class").asText().equals("CAST") ? step.path("child") : step;
      boolean plain = constant.path("class").asText().equals("CONSTANT") && !constant.path("value").path("is_null").asBoolean(false);
      String key = constant.path("value").path("value").asText();
      if (!plain || key.matches("-\\d+")) return function("tf_json_path", json, path);
      pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
    }
    // the whole value as it is (json as stored)
    if (pointer.isEmpty()) return SqlAst.cast(json, jsonType());
    return function("json_extract", json, PgExpressions.text(pointer.toString()));
  }

  /** The variadic path arguments of json_extract_path as a list. */
  private static ObjectNode rest(ArrayNode args) {
    List<JsonNode> path = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) path.add(args.get(i));
    return function("list_value", path.toArray(JsonNode[]::new));
  }

  /** A text[] operand: PostgreSQL's array literal ({@code '{a,b}'}) as a list, anything else as it is. */
  private static JsonNode textArray(JsonNode e) {
    JsonNode list = CatalogReferences.arrayLiteral(e);
    return list != null ? list : e;
  }

  /** The string constant {@code e} is, also cast to json or jsonb; else {@code e}. */
  private JsonNode literal(JsonNode e) {
    return e.path("class").asText().equals("CAST") && kindOf(e) != Kind.NONE ? e.path("child") : e;
  }

  /** A string constant as JSON (DuckDB checks it is JSON); anything else as it is. */
  private static JsonNode asJson(JsonNode e) {
    boolean literal = e.path("class").asText().equals("CONSTANT") && e.path("value").path("type").path("id").asText().equals("VARCHAR");
    return literal ? SqlAst.cast(e, jsonType()) : e;
  }

  /**
   * to_json(x): x's value as PostgreSQL converts it (x twice: the first a probe of its type); json
   * as it is, jsonb as jsonb prints.
   */
  private ObjectNode toJson(JsonNode x) {
    return switch (kindOf(x)) {
      case JSONB -> function("tf_jsonb_out", x);
      case JSON -> SqlAst.cast(x, jsonType());
      case NONE -> function("tf_to_json", x, x.deepCopy());
    };
  }

  private static ObjectNode orNull(ObjectNode json) {
    return function("ifnull", json, PgExpressions.text("null"));
  }

  /** {@code "key" : value} of json_build_object (key argument {@code n}) or, n = 0, json_object_agg. */
  private ObjectNode pair(JsonNode key, int n, JsonNode value) {
    ObjectNode k = function("tf_json_key", key, SqlAst.constant("INTEGER", SqlAst.JSON.getNodeFactory().numberNode(n)));
    return function("concat", k, PgExpressions.text(" : "), orNull(toJson(value)));
  }

  /** json_build_object(k1, v1, ...): PostgreSQL's json text, {@code {"k1" : v1, "k2" : v2}}. */
  private ObjectNode buildObject(ArrayNode args) {
    if (args.size() % 2 != 0) {
      throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "argument list must have even number of elements");
    }
    List<JsonNode> parts = new ArrayList<>();
    parts.add(PgExpressions.text("{"));
    for (int i = 0; i < args.size(); i += 2) {
      if (i > 0) parts.add(PgExpressions.text(", "));
      parts.add(pair(args.get(i), i + 1, args.get(i + 1)));
    }
    parts.add(PgExpressions.text("}"));
    return SqlAst.cast(function("concat", parts.toArray(JsonNode[]::new)), jsonType());
  }

  /**
   * json_agg and json_object_agg as PostgreSQL prints them ({@code [1, 2]}, {@code { "a" : 1, "b" :
   * 2 }}): DuckDB's string_agg of each value's JSON, with the aggregate's ORDER BY and FILTER;
   * NULL over no rows.
   */
  private static ObjectNode aggregate(ObjectNode agg, String open, ObjectNode item, String close) {
    ObjectNode joined = function("string_agg", item, PgExpressions.text(", "));
    joined.set("filter", agg.path("filter"));
    joined.set("order_bys", agg.path("order_bys"));
    joined.put("distinct", agg.path("distinct").asBoolean(false));
    return enclosed(open, joined, close);
  }

  /**
   * json_agg(DISTINCT x): PostgreSQL drops duplicates by sorting, so the values come out in x's
   * order (or the ORDER BY's); DuckDB's list(DISTINCT x ORDER BY x) before each becomes JSON.
   */
  private static ObjectNode distinctArray(ObjectNode agg, JsonNode x) {
    ObjectNode values = function("list", x);
    values.set("filter", agg.path("filter"));
    values.put("distinct", true);
    ObjectNode orders = agg.path("order_bys").deepCopy();
    if (orders.path("orders").isEmpty()) {
      ObjectNode order = orders.withArray("orders").addObject();
      order.put("type", "ORDER_DEFAULT");
      order.put("null_order", "ORDER_DEFAULT");
      order.set("expression", x.deepCopy());
    }
    values.set("order_bys", orders);
    return SqlAst.cast(function("tf_json_array_of", values), jsonType());
  }

  /** {@code open || text || close} as JSON: NULL when text is. */
  private static ObjectNode enclosed(String open, JsonNode text, String close) {
    ObjectNode whole = function("||", function("||", PgExpressions.text(open), text), PgExpressions.text(close));
    whole.put("is_operator", true);
    ((ObjectNode) whole.path("children").get(0)).put("is_operator", true);
    return SqlAst.cast(whole, jsonType());
  }

  /**
   * A JSON set-returning function in FROM: a subquery with PostgreSQL's columns ({@code key, value}
   * of json_each, {@code value} of json_array_elements, one named after the alias or the function of
   * json_object_keys), lateral where its argument names another table.
   */
  private JsonNode tableFunction(ObjectNode t) {
    ObjectNode call = (ObjectNode) t.path("function");
    String fn = name(call);
    ArrayNode args = (ArrayNode) call.path("children");
    if (args.size() != 1 || !t.path("with_ordinality").asText("WITHOUT_ORDINALITY").equals("WITHOUT_ORDINALITY")) return t;
    JsonNode json = args.get(0);
    String alias = t.path("alias").asText();
    List<String> columns = new ArrayList<>();
    t.path("column_name_alias").forEach(c -> columns.add(c.asText()));
    ObjectNode select;
    if (fn.contains("_each")) {
      boolean jsonb = fn.startsWith("jsonb");
      ObjectNode object = function("tf_json_object", json,
          PgExpressions.text(jsonb ? "cannot call " + fn + " on a non-object" : "cannot deconstruct an array as an object"),
          PgExpressions.text(jsonb ? "cannot call " + fn + " on a non-object" : "cannot deconstruct a scalar"));
      // jsonb's pairs in its key order, the last of duplicate keys
      ObjectNode each = SqlAst.tableFunction(function("json_each", jsonb ? function("tf_jsonb_out", object) : object));
      ObjectNode value = column("value");
      JsonNode shown = fn.endsWith("_text") ? text(value, jsonb ? Kind.JSONB : Kind.JSON) : jsonb ? function("tf_jsonb_out", value) : value;
      select = SqlAst.select(each, named(column("key"), "key"), named(shown, "value"));
    } else {
      boolean keys = fn.endsWith("object_keys");
      ObjectNode list = keys
          ? fn.startsWith("jsonb") ? function("tf_jsonb_object_keys", json) : function("tf_json_object_keys", json, PgExpressions.text(fn))
          : elements(fn, json);
      JsonNode rows = function("unnest", list);
      if (fn.equals("jsonb_array_elements")) rows = function("tf_jsonb_out", rows);
      // object_keys returns a scalar: its column is named after the alias, else after the function
      if (keys && columns.isEmpty()) columns.add(alias.isEmpty() ? fn : alias);
      select = SqlAst.select(null, named(rows, keys ? fn : "value"));
    }
    return SqlAst.subquery(select, alias.isEmpty() ? fn : alias, columns);
  }

  /** DuckDB's JSON type, as its parser leaves a type name for the binder. */
  private static JsonNode jsonType() {
    ObjectNode t = SqlAst.JSON.createObjectNode();
    t.put("id", "UNBOUND");
    ObjectNode info = t.putObject("type_info");
    info.put("type", "UNBOUND_TYPE_INFO");
    info.put("alias", "");
    info.putNull("extension_info");
    info.put("name", "json");
    info.put("catalog", "");
    info.put("schema", "");
    info.putArray("user_type_modifiers");
    return t;
  }

  private static ObjectNode column(String name) {
    ObjectNode c = SqlAst.expression("COLUMN_REF", "COLUMN_REF");
    c.putArray("column_names").add(name);
    return c;
  }

  private static JsonNode named(JsonNode e, String alias) {
    ((ObjectNode) e).put("alias", alias);
    return e;
  }

  /**
   * The outermost query's jsonb select items print as PostgreSQL prints jsonb, and a hidden column
   * ({@link PgSemantics#HIDDEN_JSONB}) tells the result layer to send them as jsonb. Select items of
   * a set operation are printed so too (and sent as json).
   */
  private void printAsJsonb(JsonNode node, boolean outermost) {
    if (node.path("type").asText().equals("SET_OPERATION_NODE")) {
      printAsJsonb(node.path("left"), false);
      printAsJsonb(node.path("right"), false);
      return;
    }
    if (!node.path("type").asText().equals("SELECT_NODE")) return;
    ArrayNode items = (ArrayNode) node.path("select_list");
    List<JsonNode> markers = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (item.path("class").asText().equals("STAR")) break;
      if (kindOf(item) != Kind.JSONB) continue;
      ObjectNode printed = function("tf_jsonb_out", item);
      printed.put("alias", item.path("alias").asText());
      ((ObjectNode) item).put("alias", "");
      items.set(i, printed);
      markers.add(named(SqlAst.constant("BOOLEAN", SqlAst.JSON.getNodeFactory().booleanNode(true)), PgSemantics.HIDDEN_JSONB + i));
    }
    if (outermost) items.addAll(markers);
  }
}
