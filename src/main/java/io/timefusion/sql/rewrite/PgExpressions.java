package io.timefusion.sql.rewrite;

import static io.timefusion.sql.rewrite.SqlAst.constant;
import static io.timefusion.sql.rewrite.SqlAst.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rewrites expressions of a DuckDB AST so they compute what PostgreSQL computes. Each rule names
 * the PostgreSQL behaviour it reproduces; the macros it calls ({@code tf_div}, {@code tf_mod},
 * {@code tf_epoch}, {@code tf_percentile_cont}) are created by {@code io.timefusion.query.DuckDb}.
 */
final class PgExpressions {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** LIKE and ILIKE as DuckDB's tree names them, and the functions that escape with backslash as PostgreSQL's do. */
  static final Map<String, String> LIKE_WITH_ESCAPE =
      Map.of("~~", "like_escape", "!~~", "not_like_escape", "~~*", "ilike_escape", "!~~*", "not_ilike_escape");
  private static final Pattern PLUS_SIGN = Pattern.compile("(?<=^|\\s)\\+(?=[0-9.])");
  /**
   * {@code [NOT] LIKE|ILIKE ANY|ALL (array)}: the operator PgCatalogSyntax writes in its place; it
   * becomes the macro named after the key ({@code not ilike any}: {@code tf_not_ilike_any}, made
   * by {@code io.timefusion.query.PgFunctions}).
   */
  static final Map<String, String> LIKE_ARRAY = Map.of(
      "like any", "@~~>", "like all", "@~~>&", "ilike any", "@~~*>", "ilike all", "@~~*>&",
      "not like any", "@!~~>", "not like all", "@!~~>&", "not ilike any", "@!~~*>", "not ilike all", "@!~~*>&");
  private static final Map<String, String> LIKE_ARRAY_MACROS = LIKE_ARRAY.entrySet().stream()
      .collect(Collectors.toMap(Map.Entry::getValue, e -> "tf_" + e.getKey().replace(' ', '_')));
  static final Set<String> INTEGER_TYPES = Set.of("SMALLINT", "INTEGER", "BIGINT", "HUGEINT");


  private PgExpressions() {}

  /**
   * Rewrites every expression below {@code node}, children first; returns the replacement. {@code
   * sql} is the text DuckDB parsed, which node locations point into.
   */
  static JsonNode rewrite(JsonNode node, String sql) {
    return rewrite(node, sql.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode rewrite(JsonNode node, byte[] source) {
    if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, rewrite(a.get(i), source));
      return a;
    }
    if (!(node instanceof ObjectNode o)) return node;
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      field.setValue(rewrite(field.getValue(), source));
    }
    if (!o.has("class")) return o;
    JsonNode replaced = regexMatch(o, source);
    if (replaced == o) replaced = rewriteExpression(o, source);
    if (replaced != o) {
      // The select-list alias belongs to the outermost expression.
      ((ObjectNode) replaced).put("alias", o.path("alias").asText());
      o.put("alias", "");
    }
    return replaced;
  }

  /**
   * PostgreSQL's {@code ~} finds a match anywhere in the string; DuckDB parses it as
   * regexp_full_match (as it does SIMILAR TO, which stays a full match with PostgreSQL's wildcards:
   * the operator is told by the character at the node's location). {@code ~*} and {@code !~*}
   * match ignoring case.
   */
  private static JsonNode regexMatch(ObjectNode e, byte[] source) {
    if (e.path("type").asText().equals("OPERATOR_NOT")) return negatedRegexMatch(e, source);
    if (!e.path("class").asText().equals("FUNCTION")) return e;
    String fn = e.path("function_name").asText();
    JsonNode args = e.path("children");
    if (fn.equals("regexp_full_match") && args.size() == 2 && charAt(source, e.path("query_location")) == '~') {
      return function("regexp_matches", args.get(0), args.get(1));
    }
    // SIMILAR TO: PostgreSQL's wildcards (% and _) and literal dot, as a regular expression
    if (fn.equals("regexp_full_match") && args.size() == 2 && Character.toLowerCase(charAt(source, e.path("query_location"))) == 's'
        && args.get(1).path("class").asText().equals("CONSTANT")
        && args.get(1).path("value").path("type").path("id").asText().equals("VARCHAR")) {
      ((ArrayNode) args).set(1, text(similarToRegex(args.get(1).path("value").path("value").asText())));
      return e;
    }
    if (e.path("is_operator").asBoolean(false) && args.size() == 2 && (fn.equals("~*") || fn.equals("!~*"))) {
      ObjectNode match = function("regexp_matches", args.get(0), args.get(1), text("i"));
      return fn.equals("~*") ? match : not(match);
    }
    return e;
  }

  /** A SIMILAR TO pattern as the regular expression PostgreSQL matches it with (escape character \). */
  static String similarToRegex(String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        re.append('\\').append(pattern.charAt(++i));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else if (c == '.' || c == '^' || c == '$') {
        re.append('\\').append(c);
      } else {
        re.append(c);
      }
    }
    return re.toString();
  }

  /** PostgreSQL's !~: DuckDB parses it as NOT regexp_full_match, located at the "!". */
  private static JsonNode negatedRegexMatch(ObjectNode e, byte[] source) {
    if (!e.path("type").asText().equals("OPERATOR_NOT") || charAt(source, e.path("query_location")) != '!') return e;
    JsonNode inner = e.path("children").path(0);
    if (!inner.path("function_name").asText().equals("regexp_full_match") || inner.path("children").size() != 2) return e;
    ((ArrayNode) e.path("children")).set(0, function("regexp_matches", inner.path("children").get(0), inner.path("children").get(1)));
    return e;
  }

  private static char charAt(byte[] source, JsonNode location) {
    if (!location.canConvertToLong()) return 0;
    long at = location.asLong();
    return at >= 0 && at < source.length ? (char) source[(int) at] : 0;
  }

  private static ObjectNode not(JsonNode child) {
    ObjectNode n = SqlAst.expression("OPERATOR", "OPERATOR_NOT");
    n.putArray("children").add(child);
    return n;
  }

  private static JsonNode rewriteExpression(ObjectNode e, byte[] source) {
    JsonNode rewritten = rewriteCall(e, source);
    return e.path("class").asText().equals("CAST") ? varcharLength(e, rewritten, source) : rewritten;
  }

  private static JsonNode rewriteCall(ObjectNode e, byte[] source) {
    JsonNode call = PgFunctionCalls.rewrite(e, source);
    if (call != e) return call;
    String cls = e.path("class").asText();
    if (cls.equals("SUBQUERY")) return arrayComparison(e);
    if (cls.equals("COMPARISON")) return rowComparison(e);
    if (cls.equals("CONSTANT")) return PgNumeric.constant(e, source);
    if (cls.equals("CAST")) {
      byteaLiteral(e);
      intervalLiteral(e);
      JsonNode numeric = PgNumeric.cast(e, source);
      return numeric != e ? numeric : epochToInteger(e);
    }
    if (!cls.equals("FUNCTION")) return e;
    String fn = e.path("function_name").asText();
    ArrayNode args = (ArrayNode) e.path("children");
    boolean operator = e.path("is_operator").asBoolean(false);
    // PostgreSQL raises division_by_zero (DuckDB returns NULL) and divides integers as integers
    // and numerics as numerics.
    if (operator && args.size() == 2 && fn.equals("/")) return PgNumeric.divide(args.get(0), args.get(1));
    if (operator && args.size() == 2 && fn.equals("%")) return function("tf_mod", args.get(0), args.get(1));
    if (operator && args.size() == 2 && LIKE_ARRAY_MACROS.containsKey(fn)) {
      JsonNode literal = CatalogReferences.arrayLiteral(args.get(1)); // '{a%,b}'
      return function(LIKE_ARRAY_MACROS.get(fn), args.get(0), literal != null ? literal : args.get(1));
    }
    // PostgreSQL's LIKE escapes with backslash by default; DuckDB's only with an ESCAPE clause.
    if (operator && args.size() == 2 && LIKE_WITH_ESCAPE.containsKey(fn)) {
      return function(LIKE_WITH_ESCAPE.get(fn), args.get(0), args.get(1), text("\\"));
    }
    switch (fn) {
      case "round" -> {
        // round(numeric, n) is numeric with scale n in PostgreSQL: 50.00, not 50. A float is
        // rounded as the numeric PostgreSQL would make of it (0.285 to 0.29, not to 0.28).
        if (args.size() == 2 && isInteger(args.get(1)) && args.get(1).path("value").path("value").asInt() >= 0) {
          PgNumeric.roundArgument(args);
          return SqlAst.cast(e, PgNumeric.rounded(args.get(1).path("value").path("value").asInt()));
        }
      }
      case "date_part" -> {
        // extract(epoch FROM x) is numeric with microsecond scale in PostgreSQL (schema "main"
        // marks DuckDB's EXTRACT syntax; a written date_part() stays double precision there too).
        if (args.size() == 2 && e.path("schema").asText().equals("main")
            && args.get(0).path("class").asText().equals("CONSTANT")
            && args.get(0).path("value").path("value").asText().equalsIgnoreCase("epoch")) {
          return function("tf_epoch", args.get(1));
        }
      }
      case "time_bucket" -> {
        // TimescaleDB's time_bucket(width, timestamptz): DuckDB's own goes through ICU calendar
        // arithmetic, 1.7x the cost of a dashboard's whole bucketed count; tf_time_bucket computes
        // whole-second, month-free widths in integers and leaves the rest to time_bucket.
        if (args.size() == 2) {
          JsonNode width = args.get(0);
          if (width.path("class").asText().equals("CONSTANT")
              && width.path("value").path("type").path("id").asText().equals("VARCHAR")) {
            width = SqlAst.cast(width, SqlAst.type("INTERVAL"));
          }
          return function("tf_time_bucket", width, args.get(1));
        }
      }
      case "array_agg" -> {
        // PostgreSQL de-duplicates by sorting, so array_agg(DISTINCT x) comes out in x's order.
        ObjectNode orders = (ObjectNode) e.path("order_bys");
        if (e.path("distinct").asBoolean(false) && args.size() == 1 && orders.path("orders").isEmpty()) {
          ObjectNode order = F.objectNode();
          order.put("type", "ORDER_DEFAULT");
          order.put("null_order", "ORDER_DEFAULT");
          order.set("expression", args.get(0).deepCopy());
          orders.withArray("orders").add(order);
        }
      }
      case "quantile_cont" -> {
        // percentile_cont(f) WITHIN GROUP (ORDER BY x): PostgreSQL interpolates as
        // lo + (hi - lo) * frac in float8; DuckDB's formula differs in the last digit.
        JsonNode orders = e.path("order_bys").path("orders");
        JsonNode fraction = args.size() == 1 ? args.get(0) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        boolean fractions = fraction.path("type").asText().equals("ARRAY_CONSTRUCTOR") && !fraction.path("children").isEmpty()
            && java.util.stream.StreamSupport.stream(fraction.path("children").spliterator(), false).allMatch(PgExpressions::isConstant);
        if ((isConstant(fraction) || fractions) && orders.size() == 1) {
          // Values keep their type: numbers interpolate in double precision, intervals as intervals.
          // The non-null values are gathered unordered; the macro selects the two it needs.
          JsonNode x = orders.get(0).path("expression");
          ObjectNode values = function("list", x.deepCopy());
          ObjectNode notNull = SqlAst.expression("OPERATOR", "OPERATOR_IS_NOT_NULL");
          notNull.set("children", F.arrayNode().add(x.deepCopy()));
          values.set("filter", SqlAst.and(e.path("filter").deepCopy(), notNull));
          boolean descending = orders.get(0).path("type").asText().equals("DESCENDING");
          ObjectNode up = SqlAst.constant("BOOLEAN", F.booleanNode(!descending));
          if (!fractions) return function("tf_percentile_cont", values, fraction, up);
          // percentile_cont(ARRAY[f1, f2, ...]): an array of one percentile per fraction, NULL for a NULL one
          ObjectNode each = function("list_value");
          for (JsonNode f : fraction.path("children")) {
            each.withArray("children").add(f.path("value").path("is_null").asBoolean(false)
                ? SqlAst.nullConstant("NULL")
                : function("tf_percentile_cont", values.deepCopy(), f.deepCopy(), up.deepCopy()));
          }
          return each;
        }
      }
      default -> {}
    }
    return e;
  }

  /**
   * PostgreSQL compares rows ({@code (a, b) < (c, d)}, keyset pagination's form) pair by pair from
   * the left, and the first pair that is unequal or has a NULL decides: NULL makes the answer NULL.
   * DuckDB compares them as structs, where NULL sorts last ({@code (NULL, 'b') > (1, 'a')} is
   * true), so the comparison is spelt out: {@code a < c OR (a = c AND b < d)}.
   */
  private static JsonNode rowComparison(ObjectNode e) {
    String type = e.path("type").asText();
    JsonNode left = e.path("left");
    JsonNode right = e.path("right");
    if (!isRow(left) || !isRow(right) || left.path("children").size() != right.path("children").size()) return e;
    int n = left.path("children").size();
    String op = switch (type) {
      case "COMPARE_EQUAL", "COMPARE_NOTEQUAL" -> "COMPARE_EQUAL";
      case "COMPARE_LESSTHAN", "COMPARE_LESSTHANOREQUALTO" -> "COMPARE_LESSTHAN";
      case "COMPARE_GREATERTHAN", "COMPARE_GREATERTHANOREQUALTO" -> "COMPARE_GREATERTHAN";
      default -> null;
    };
    if (op == null || n == 0) return e;
    if (type.equals("COMPARE_EQUAL") || type.equals("COMPARE_NOTEQUAL")) {
      ObjectNode all = SqlAst.expression("CONJUNCTION", type.equals("COMPARE_EQUAL") ? "CONJUNCTION_AND" : "CONJUNCTION_OR");
      ArrayNode parts = all.putArray("children");
      for (int i = 0; i < n; i++) parts.add(compare(type, left.path("children").get(i), right.path("children").get(i)));
      return n == 1 ? parts.get(0) : all;
    }
    // from the last pair outwards: a_i op b_i OR (a_i = b_i AND <the rest>); the last pair keeps <= or >=
    JsonNode result = compare(type, left.path("children").get(n - 1), right.path("children").get(n - 1));
    for (int i = n - 2; i >= 0; i--) {
      JsonNode a = left.path("children").get(i);
      JsonNode b = right.path("children").get(i);
      ObjectNode tie = SqlAst.expression("CONJUNCTION", "CONJUNCTION_AND");
      tie.putArray("children").add(compare("COMPARE_EQUAL", a.deepCopy(), b.deepCopy())).add(result);
      ObjectNode either = SqlAst.expression("CONJUNCTION", "CONJUNCTION_OR");
      either.putArray("children").add(compare(op, a, b)).add(tie);
      result = either;
    }
    return result;
  }

  private static boolean isConstant(JsonNode e) {
    return e.path("class").asText().equals("CONSTANT");
  }

  private static boolean isRow(JsonNode e) {
    return e.path("class").asText().equals("FUNCTION") && e.path("function_name").asText().equals("row");
  }

  private static ObjectNode compare(String type, JsonNode left, JsonNode right) {
    ObjectNode c = SqlAst.expression("COMPARISON", type);
    c.set("left", left);
    c.set("right", right);
    return c;
  }

  /**
   * A cast to {@code varchar(n)} (or {@code character varying(n)}) keeps the first n characters in
   * PostgreSQL; DuckDB drops the length from its tree, so the cast's text tells it. {@code
   * rewritten} is what the cast became otherwise.
   */
  private static JsonNode varcharLength(ObjectNode e, JsonNode rewritten, byte[] source) {
    if (!e.path("cast_type").path("id").asText().equals("VARCHAR")) return rewritten;
    int i = CastText.afterVarchar(e, source);
    if (i < 0) return rewritten;
    i = CastText.skipSpace(source, i);
    if (i >= source.length || source[i] != '(') return rewritten;
    int close = i + 1;
    while (close < source.length && source[close] != ')') close++;
    if (close >= source.length) return rewritten;
    String length = new String(source, i + 1, close - i - 1, StandardCharsets.UTF_8).trim();
    if (!length.matches("[0-9]{1,9}")) return rewritten;
    return function("left", rewritten, constant("INTEGER", F.numberNode(Integer.parseInt(length))));
  }

  /**
   * A string cast to interval may sign its parts with "+", as PostgreSQL prints them
   * ({@code '-1 days +02:00:00'}); DuckDB reads only "-", so the "+" signs are dropped.
   */
  private static void intervalLiteral(ObjectNode e) {
    ObjectNode value = castText(e, "INTERVAL");
    if (value != null) value.put("value", PLUS_SIGN.matcher(value.path("value").asText()).replaceAll(""));
  }

  /**
   * A string cast to bytea is PostgreSQL's bytea text: hex ({@code '\x01ff'}) or escape format
   * ({@code '\001'}, {@code '\\'}). DuckDB reads {@code \xHH} as one byte and everything else
   * literally, so the string is re-encoded in DuckDB's form; an invalid one is left to DuckDB.
   */
  private static void byteaLiteral(ObjectNode e) {
    ObjectNode value = castText(e, "BLOB");
    byte[] bytes = value == null ? null : pgBytea(value.path("value").asText());
    if (bytes == null) return;
    StringBuilder duckdb = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      if (b >= 0x20 && b < 0x7f && b != '\\') duckdb.append((char) b);
      else duckdb.append(String.format("\\x%02X", b & 0xff));
    }
    value.put("value", duckdb.toString());
  }

  /** The value of the non-null string constant {@code e} casts to {@code typeId}, or null. */
  private static ObjectNode castText(ObjectNode e, String typeId) {
    JsonNode child = e.path("child");
    boolean text = e.path("cast_type").path("id").asText().equals(typeId)
        && child.path("class").asText().equals("CONSTANT")
        && child.path("value").path("type").path("id").asText().equals("VARCHAR")
        && !child.path("value").path("is_null").asBoolean(false);
    return text ? (ObjectNode) child.path("value") : null;
  }

  /** The bytes of PostgreSQL's bytea input text, or null when it is not valid. */
  static byte[] pgBytea(String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
    if (text.startsWith("\\x")) {
      for (int i = 2; i < text.length(); ) {
        if (Character.isWhitespace(text.charAt(i))) {
          i++;
          continue;
        }
        int hi = Character.digit(text.charAt(i), 16);
        int lo = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        if (hi < 0 || lo < 0) return null;
        out.write(hi << 4 | lo);
        i += 2;
      }
      return out.toByteArray();
    }
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != '\\') {
        out.write(raw[i]);
      } else if (i + 1 < raw.length && raw[i + 1] == '\\') {
        out.write('\\');
        i++;
      } else if (i + 3 < raw.length && isOctal(raw[i + 1], '3') && isOctal(raw[i + 2], '7') && isOctal(raw[i + 3], '7')) {
        out.write((raw[i + 1] - '0') << 6 | (raw[i + 2] - '0') << 3 | (raw[i + 3] - '0'));
        i += 3;
      } else {
        return null;
      }
    }
    return out.toByteArray();
  }

  private static boolean isOctal(byte b, char max) {
    return b >= '0' && b <= max;
  }

  private static boolean isInteger(JsonNode e) {
    return e.path("class").asText().equals("CONSTANT")
        && INTEGER_TYPES.contains(e.path("value").path("type").path("id").asText())
        && !e.path("value").path("is_null").asBoolean(false);
  }

  /**
   * {@code x = ANY(array)} and {@code x <> ALL(array)}: DuckDB parses them as a subquery over
   * {@code unnest(array)}, which it runs per row (ten times slower than a list lookup on a
   * dashboard's tag filter, and false rather than NULL for a NULL array). {@code tf_any_eq} is a
   * list lookup with PostgreSQL's NULL rules.
   */
  private static JsonNode arrayComparison(ObjectNode e) {
    String kind = e.path("subquery_type").asText();
    String cmp = e.path("comparison_type").asText();
    boolean any = kind.equals("ANY") && cmp.equals("COMPARE_EQUAL");
    boolean all = kind.equals("ALL") && cmp.equals("COMPARE_NOTEQUAL");
    if (!any && !all) return e;
    JsonNode array = unnestedArray(e.path("subquery"));
    // With a parameter in it, DuckDB can type neither the parameter nor the statement's result
    // through the macro: the subquery form stays.
    if (array == null || hasParameter(e.path("child")) || hasParameter(array)) return e;
    ObjectNode lookup = function("tf_any_eq", e.path("child").deepCopy(), array.deepCopy());
    return any ? lookup : not(lookup);
  }

  static boolean hasParameter(JsonNode n) {
    if (n.path("class").asText().equals("PARAMETER")) return true;
    for (JsonNode child : n) if (child.isContainerNode() && hasParameter(child)) return true;
    return false;
  }

  /** The {@code a} of a subquery that is exactly {@code SELECT unnest(a)}, else null. */
  private static JsonNode unnestedArray(JsonNode subquery) {
    JsonNode node = subquery.path("node");
    if (!node.path("type").asText().equals("SELECT_NODE")
        || node.path("modifiers").size() > 0
        || node.path("cte_map").path("map").size() > 0
        || !node.path("from_table").path("type").asText().equals("EMPTY")
        || !node.path("where_clause").isNull()
        || node.path("group_expressions").size() > 0
        || !node.path("having").isNull()
        || !node.path("qualify").isNull()
        || !node.path("sample").isNull()
        || node.path("select_list").size() != 1) {
      return null;
    }
    JsonNode f = node.path("select_list").get(0);
    boolean unnest = f.path("class").asText().equals("FUNCTION")
        && f.path("function_name").asText().equals("unnest")
        && f.path("children").size() == 1
        && f.path("filter").isNull()
        && !f.path("distinct").asBoolean(false);
    return unnest ? f.path("children").get(0) : null;
  }

  /**
   * {@code extract(epoch FROM x)::integer} (a dashboard's bucket key): the exact numeric epoch is
   * 128-bit decimal arithmetic per row, five times the cost of the bucketing itself; rounding the
   * microseconds to whole seconds (half away from zero, as a numeric-to-integer cast does) in
   * 64-bit integers gives the same number.
   */
  private static JsonNode epochToInteger(ObjectNode e) {
    JsonNode child = e.path("child");
    String target = e.path("cast_type").path("id").asText();
    if (e.path("try_cast").asBoolean(false)
        || !Set.of("SMALLINT", "INTEGER", "BIGINT").contains(target)
        || !child.path("class").asText().equals("FUNCTION")
        || !child.path("function_name").asText().equals("tf_epoch")
        || child.path("children").size() != 1) {
      return e;
    }
    e.set("child", function("tf_epoch_seconds", child.path("children").get(0)));
    return e;
  }

  static ObjectNode text(String s) {
    return constant("VARCHAR", F.textNode(s));
  }
}
