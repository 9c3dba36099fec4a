package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's numeric, which is exact and keeps a display scale per value, on DuckDB's
 * DECIMAL(w, s), which keeps one scale per column and at most 38 digits. DuckDB reads {@code
 * numeric} without a precision as DECIMAL(18,3), rounding to three decimals; here it becomes a
 * decimal with the scale PostgreSQL would give, where the operand's type decides it:
 *
 * <ul>
 *   <li>a literal keeps the scale it is written with ({@code '1.23456'::numeric}, {@code 1e6});
 *   <li>an integer has scale 0 and a decimal keeps its own;
 *   <li>a float8 becomes its 15 significant digits and a float4 its 6, as PostgreSQL converts
 *       them, and text is read as a number; these, and a numeric quotient (which PostgreSQL
 *       computes to at least 16 significant digits), have a scale that depends on the value, so
 *       inside DuckDB they are held at scale {@link #INEXACT_SCALE}. Where such a value reaches
 *       the client as it is, {@link PgNumericColumns} has the result layer print it as
 *       PostgreSQL does.
 * </ul>
 *
 * <p>DuckDB types an expression only when it binds it, so the choice is made there: the macros
 * ({@code io.timefusion.query.DuckDb}) dispatch on the type of a stand-in for the operand (see
 * {@link #typeProbe}) and compute on the operand itself. A value that does not fit 38 digits is an
 * error with SQLSTATE 22003, never a rounded number.
 */
final class PgNumeric {
  /** The scale inside DuckDB of a numeric whose PostgreSQL scale depends on its value; as in the macros. */
  static final int INEXACT_SCALE = 16;
  /**
   * The integer digits of such a numeric, and of round()'s result: DuckDB's common type of two
   * decimals (CASE, COALESCE, UNION) cuts decimals where integer digits and decimals exceed 38,
   * so these leave room for each other's 16 decimals.
   */
  static final int INTEGER_DIGITS = 22;
  /** DuckDB's largest decimal precision. */
  static final int MAX_PRECISION = 38;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** A number as PostgreSQL's numeric_in reads it. */
  private static final Pattern NUMBER = Pattern.compile("\\s*([+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)\\s*");
  /** A numeric literal as written in SQL (a leading minus is folded into the constant by DuckDB). */
  private static final Pattern LITERAL = Pattern.compile("-?\\s*(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** Aggregates and window functions whose result has the type class of their first argument. */
  private static final Set<String> SAME_AS_ARGUMENT = Set.of(
      "sum", "min", "max", "first", "last", "any_value", "arbitrary", "arg_min", "arg_max", "argmin", "argmax",
      "min_by", "max_by", "mode", "first_value", "last_value", "lag", "lead", "nth_value", "bit_and", "bit_or",
      "bit_xor");
  /** Aggregates and window functions that return a double for a number. */
  private static final Set<String> DOUBLE_RESULT = Set.of(
      "avg", "mean", "favg", "fsum", "sumkahan", "kahan_sum", "stddev", "stddev_samp", "stddev_pop", "variance",
      "var_samp", "var_pop", "median", "quantile", "quantile_cont", "corr", "covar_pop", "covar_samp", "entropy",
      "kurtosis", "kurtosis_pop", "skewness", "regr_slope", "regr_intercept", "regr_r2", "regr_avgx", "regr_avgy",
      "regr_sxx", "regr_syy", "regr_sxy", "cume_dist", "percent_rank", "tf_percentile_cont");
  /** Aggregates and window functions that return a BIGINT. */
  private static final Set<String> BIGINT_RESULT = Set.of(
      "count", "count_star", "approx_count_distinct", "row_number", "rank", "dense_rank", "ntile", "regr_count");
  /** The rewrites' macros that return a numeric (a DECIMAL) whatever their operands. */
  private static final Set<String> NUMERIC_MACROS = Set.of("tf_numeric", "tf_numeric_sum", "tf_epoch");

  private PgNumeric() {}

  /**
   * {@code CAST(x AS numeric)} without precision, and {@code numeric[]}: the cast with PostgreSQL's
   * scale, or {@code cast} itself when it names a precision or is no numeric cast.
   */
  static JsonNode cast(ObjectNode cast, byte[] source) {
    JsonNode type = cast.path("cast_type");
    boolean array = type.path("id").asText().equals("LIST");
    JsonNode decimal = array ? type.path("type_info").path("child_type") : type;
    if (!isDuckDbDefaultDecimal(decimal) || cast.path("try_cast").asBoolean(false)) return cast;
    Shape shape = castShape(source, cast);
    if (shape == Shape.CONSTRAINED || (shape == Shape.ARRAY) != array) return cast;
    JsonNode child = cast.path("child");
    // a parameter keeps the type of the value bound to it, which keeps its scale
    if (array && child.path("class").asText().equals("PARAMETER")) return child;
    if (array) {
      // One scale for every element: the largest a literal is written with, else the inexact one.
      int scale = arrayLiteralScale(child);
      cast.set("cast_type", listOf(decimal(Math.min(MAX_PRECISION, INTEGER_DIGITS + scale), scale)));
      return cast;
    }
    if (isText(child)) return literal(child.path("value").path("value").asText(), true);
    return numeric(child);
  }

  /**
   * A number literal DuckDB reads as a double ({@code 1e6}, or one of more than 38 digits) is
   * numeric in PostgreSQL: a decimal constant with its written scale. {@code c} itself for any
   * other constant.
   */
  static JsonNode constant(ObjectNode c, byte[] source) {
    if (!c.path("value").path("type").path("id").asText().equals("DOUBLE") || c.path("value").path("is_null").asBoolean(false)) {
      return c;
    }
    String written = literalAt(source, c.path("query_location"));
    if (written == null) return c;
    return literal(written.replaceAll("\\s", ""), false);
  }

  /**
   * {@code a / b} as PostgreSQL divides: integers truncating, numerics as numeric (exactly when
   * {@code b} is a power of ten, else to 15 significant digits inside DuckDB), anything with a
   * float as a float; division by zero is an error.
   */
  static ObjectNode divide(JsonNode a, JsonNode b) {
    BigDecimal divisor = constantValue(b);
    if (divisor != null && divisor.signum() != 0 && divisor.abs().stripTrailingZeros().unscaledValue().equals(BigInteger.ONE)) {
      BigDecimal reciprocal = BigDecimal.ONE.divide(divisor);
      if (reciprocal.scale() <= MAX_PRECISION) {
        ObjectNode r = decimalConstant(reciprocal.setScale(Math.max(reciprocal.scale(), 0)));
        return SqlAst.function("tf_div_by", typeProbe(a), b.deepCopy(), a, b, r);
      }
    }
    return SqlAst.function("tf_div", typeProbe(a), typeProbe(b), a, b);
  }

  /** {@code round(x, n)} of a float as of the numeric PostgreSQL makes of it; an integer x is numeric too. */
  static void roundArgument(ArrayNode roundArgs) {
    roundArgs.set(0, numeric(roundArgs.get(0)));
  }

  /** {@code x} as an unconstrained numeric: {@code tf_numeric(probe, x)}, or x when it is one already. */
  static JsonNode numeric(JsonNode x) {
    if (isNumeric(x)) return x;
    // DuckDB's sum of integers is a 38-digit HUGEINT: as DECIMAL(38, 0) it would leave no room
    // for decimals in a CASE or COALESCE with a fraction, so it becomes DECIMAL(22, 0)
    String cls = x.path("class").asText();
    if ((cls.equals("FUNCTION") || cls.equals("WINDOW")) && x.path("function_name").asText().equals("sum") && x.path("children").size() == 1) {
      return SqlAst.function("tf_numeric_sum", typeProbe(x.path("children").get(0)), x);
    }
    return SqlAst.function("tf_numeric", typeProbe(x), x);
  }

  private static boolean isNumeric(JsonNode x) {
    String cls = x.path("class").asText();
    if (cls.equals("FUNCTION")) return NUMERIC_MACROS.contains(x.path("function_name").asText());
    if (cls.equals("CAST")) return x.path("cast_type").path("id").asText().equals("DECIMAL");
    return cls.equals("CONSTANT") && x.path("value").path("type").path("id").asText().equals("DECIMAL");
  }

  /** The types {@link #probe} stands in for with a number. */
  private static final Set<String> NUMBER_TYPES =
      Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE");

  /**
   * A stand-in for {@code e} whose type DuckDB can tell before it binds the query: DuckDB cannot
   * type an aggregate, a window function or a macro call given to a macro, and would then take the
   * first overload whatever it returns. Each such call becomes an expression of the same kind of
   * type: an aggregate its argument ({@code sum(x)} is as exact as x), a double ({@code avg}) or a
   * bigint ({@code count}); a cast a probe of its type ({@link #probe}); a rewrite's macro what it
   * returns. An aggregate not listed stays, and the macros treat it as exact.
   */
  static JsonNode typeProbe(JsonNode e) {
    if (e instanceof ArrayNode a) {
      ArrayNode copy = F.arrayNode();
      for (JsonNode item : a) copy.add(typeProbe(item));
      return copy;
    }
    if (!(e instanceof ObjectNode o)) return e;
    String cls = o.path("class").asText();
    if (cls.equals("SUBQUERY")) {
      // a scalar subquery is typed as its one column is
      ObjectNode copy = o.deepCopy();
      JsonNode items = copy.path("subquery").path("node").path("select_list");
      if (copy.path("subquery_type").asText().equals("SCALAR") && items instanceof ArrayNode list && list.size() == 1) {
        list.set(0, typeProbe(list.get(0)));
      }
      return copy;
    }
    // nor a macro call: the rewrites' own calls become what they return
    if (cls.equals("CAST")) return probe(o.path("cast_type").deepCopy());
    if (cls.equals("FUNCTION") || cls.equals("WINDOW")) {
      String name = o.path("function_name").asText().toLowerCase(Locale.ROOT);
      JsonNode args = o.path("children");
      if (BIGINT_RESULT.contains(name) || name.equals("tf_epoch_seconds")) return typed("BIGINT");
      if (DOUBLE_RESULT.contains(name) || name.startsWith("tf_avg_")) return typed("DOUBLE");
      // PostgreSQL sums an int8 (or a count) into a numeric, smaller integers into an int8
      if (name.equals("sum") && args.size() == 1) return SqlAst.function("tf_sum_type", typeProbe(args.get(0)));
      if (SAME_AS_ARGUMENT.contains(name) && args.size() > 0) return typeProbe(args.get(0));
      if (NUMERIC_MACROS.contains(name)) return probe(decimal(MAX_PRECISION, 0));
      // a quotient or a remainder is integer, numeric or float as the sum of its operands is
      if ((name.equals("tf_div") || name.equals("tf_div_by")) && args.size() >= 4) return sum(args.get(0).deepCopy(), args.get(1).deepCopy());
      if (name.equals("tf_mod") && args.size() == 2) return sum(typeProbe(args.get(0)), typeProbe(args.get(1)));
    }
    ObjectNode copy = F.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      copy.set(field.getKey(), typeProbe(field.getValue()));
    }
    return copy;
  }

  /**
   * Whether {@code e} is an aggregate or window call: one of the functions above, or a call with
   * FILTER, ORDER BY or DISTINCT (an aggregate this class does not know otherwise).
   */
  static boolean isAggregate(JsonNode e) {
    String cls = e.path("class").asText();
    if (cls.equals("WINDOW")) return true;
    if (!cls.equals("FUNCTION") || e.path("is_operator").asBoolean(false)) return false;
    String name = e.path("function_name").asText().toLowerCase(Locale.ROOT);
    return BIGINT_RESULT.contains(name) || DOUBLE_RESULT.contains(name) || SAME_AS_ARGUMENT.contains(name)
        || name.equals("list") || name.equals("array_agg") || name.equals("string_agg")
        || !e.path("filter").isNull() && !e.path("filter").isMissingNode()
        || e.path("order_bys").path("orders").size() > 0
        || e.path("distinct").asBoolean(false);
  }

  /** A probe of the type {@code type}. */
  private static ObjectNode typed(String type) {
    return probe(SqlAst.type(type));
  }

  /**
   * A constant of {@code type} for a probe: a number for a numeric type, else {@code CAST(NULL AS
   * type)}. DuckDB types arithmetic of a decimal with a NULL constant as NULL ({@code 100.0 *
   * CAST(NULL AS BIGINT)} is no DECIMAL), which would pick a macro's untyped overload: {@code 100.0
   * * count(*) / 3} was divided as floats.
   */
  private static ObjectNode probe(JsonNode type) {
    String id = type.path("id").asText();
    if (id.equals("DECIMAL")) return SqlAst.cast(SqlAst.constant("INTEGER", F.numberNode(0)), type);
    if (NUMBER_TYPES.contains(id)) return SqlAst.cast(SqlAst.constant("INTEGER", F.numberNode(1)), type);
    return SqlAst.cast(SqlAst.nullConstant(), type);
  }

  private static ObjectNode sum(JsonNode a, JsonNode b) {
    ObjectNode plus = SqlAst.function("+", a, b);
    plus.put("is_operator", true);
    return plus;
  }

  /**
   * {@code text} read as numeric: its decimal constant, or a cast that fails as PostgreSQL's
   * numeric input does when it is no number (or too large), once DuckDB evaluates it.
   */
  static JsonNode numericText(String text) {
    try {
      return literal(text, true);
    } catch (PgException e) {
      return SqlAst.cast(PgExpressions.text(text), decimal(MAX_PRECISION, INEXACT_SCALE));
    }
  }

  /**
   * The decimal constant of a number as PostgreSQL reads it, with its written scale. An {@code
   * explicitCast} of text that is no number is left to DuckDB's cast, whose error says so.
   */
  private static JsonNode literal(String text, boolean explicitCast) {
    Matcher m = NUMBER.matcher(text);
    if (!m.matches()) {
      if (explicitCast) return SqlAst.cast(PgExpressions.text(text), decimal(MAX_PRECISION, INEXACT_SCALE));
      throw new IllegalStateException("not a number: " + text);
    }
    BigDecimal v = new BigDecimal(m.group(1));
    if (v.scale() < 0) v = v.setScale(0);
    if (v.precision() > MAX_PRECISION || v.scale() > MAX_PRECISION) {
      throw new PgException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
          "numeric value out of range: " + m.group(1).strip() + " has more than " + MAX_PRECISION + " digits");
    }
    return decimalConstant(v);
  }

  /** {@code CAST('v' AS DECIMAL(precision of v, scale of v))}, which DuckDB folds into a constant. */
  private static ObjectNode decimalConstant(BigDecimal v) {
    return SqlAst.cast(PgExpressions.text(v.toPlainString()), decimal(Math.max(v.precision(), v.scale()), v.scale()));
  }

  /** The type of {@code round(x, digits)}: numeric with that scale. */
  static ObjectNode rounded(int digits) {
    return decimal(Math.min(MAX_PRECISION, INTEGER_DIGITS + digits), Math.min(digits, MAX_PRECISION));
  }

  /** The value of a number constant (or of a decimal constant this class made), else null. */
  private static BigDecimal constantValue(JsonNode e) {
    if (e.path("class").asText().equals("CAST") && e.path("cast_type").path("id").asText().equals("DECIMAL") && isText(e.path("child"))) {
      try {
        return new BigDecimal(e.path("child").path("value").path("value").asText());
      } catch (NumberFormatException ex) {
        return null;
      }
    }
    if (!e.path("class").asText().equals("CONSTANT") || e.path("value").path("is_null").asBoolean(false)) return null;
    JsonNode value = e.path("value");
    String type = value.path("type").path("id").asText();
    if (!value.path("value").isIntegralNumber()) return null;
    BigInteger unscaled = value.path("value").bigIntegerValue();
    if (type.equals("DECIMAL")) return new BigDecimal(unscaled, value.path("type").path("type_info").path("scale").asInt());
    return PgExpressions.INTEGER_TYPES.contains(type) ? new BigDecimal(unscaled) : null;
  }

  static boolean isText(JsonNode e) {
    return e.path("class").asText().equals("CONSTANT")
        && e.path("value").path("type").path("id").asText().equals("VARCHAR")
        && !e.path("value").path("is_null").asBoolean(false);
  }

  /** DECIMAL(18,3), which is what DuckDB's parser makes of {@code numeric} and {@code decimal} without precision. */
  private static boolean isDuckDbDefaultDecimal(JsonNode type) {
    return type.path("id").asText().equals("DECIMAL")
        && type.path("type_info").path("width").asInt() == 18
        && type.path("type_info").path("scale").asInt() == 3;
  }

  /**
   * The largest scale of the numbers in an array literal ({@code '{1.5,2.25}'}, which {@link
   * CatalogReferences} has made a list of its elements' text), at least 0; {@link #INEXACT_SCALE}
   * when the array is not made of constants only.
   */
  private static int arrayLiteralScale(JsonNode e) {
    String cls = e.path("class").asText();
    if (cls.equals("COLUMN_REF") || cls.equals("PARAMETER") || cls.equals("SUBQUERY")) return INEXACT_SCALE;
    int scale = 0;
    if (isText(e)) {
      for (String element : e.path("value").path("value").asText().replaceAll("[{}\\[\\]\"\\s]", "").split(",")) {
        Matcher m = NUMBER.matcher(element);
        if (m.matches()) scale = Math.max(scale, new BigDecimal(m.group(1)).scale());
      }
    }
    for (JsonNode child : e) {
      if (child.isContainerNode()) scale = Math.max(scale, arrayLiteralScale(child));
    }
    return Math.min(scale, MAX_PRECISION);
  }

  static ObjectNode decimal(int width, int scale) {
    ObjectNode t = F.objectNode();
    t.put("id", "DECIMAL");
    ObjectNode info = t.putObject("type_info");
    info.put("type", "DECIMAL_TYPE_INFO");
    info.put("alias", "");
    info.putNull("extension_info");
    info.put("width", width);
    info.put("scale", scale);
    return t;
  }

  private static ObjectNode listOf(JsonNode child) {
    ObjectNode t = F.objectNode();
    t.put("id", "LIST");
    ObjectNode info = t.putObject("type_info");
    info.put("type", "LIST_TYPE_INFO");
    info.put("alias", "");
    info.putNull("extension_info");
    info.set("child_type", child);
    return t;
  }

  /** How a DECIMAL(18,3) cast is written: with a precision, or {@code numeric} / {@code numeric[]} without. */
  enum Shape {
    CONSTRAINED,
    SCALAR,
    ARRAY
  }

  /**
   * Reads the type name of the cast {@code cast} in its text ({@link CastText#typeStart}). A cast
   * without a location in the text is the typed literal form ({@code numeric '1.5'}) when its
   * operand is text.
   */
  static Shape castShape(byte[] src, JsonNode cast) {
    JsonNode location = cast.path("query_location");
    if (!location.canConvertToLong() || location.asLong() < 0 || location.asLong() >= src.length) {
      return isText(cast.path("child")) ? Shape.SCALAR : Shape.CONSTRAINED;
    }
    int i = CastText.typeStart(cast, src);
    if (i < 0 || i >= src.length) return Shape.CONSTRAINED;
    String name = wordAt(src, i);
    if (!isNumericName(name)) return Shape.CONSTRAINED;
    int next = CastText.skipSpace(src, i + name.length() + (src[i] == '"' ? 2 : 0));
    if (next < src.length && src[next] == '(') return Shape.CONSTRAINED;
    return next < src.length && src[next] == '[' ? Shape.ARRAY : Shape.SCALAR;
  }

  private static boolean isNumericName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("numeric") || n.equals("decimal");
  }

  /** The identifier at {@code i} (without its quotes), or "". */
  private static String wordAt(byte[] src, int i) {
    if (i >= src.length) return "";
    if (src[i] == '"') {
      int end = i + 1;
      while (end < src.length && src[end] != '"') end++;
      return new String(src, i + 1, Math.max(0, end - i - 1), StandardCharsets.UTF_8);
    }
    int end = i;
    while (end < src.length && (Character.isLetterOrDigit(src[end]) || src[end] == '_')) end++;
    return new String(src, i, end - i, StandardCharsets.UTF_8);
  }

  /** The number literal written at {@code location}, or null when the text there is none. */
  private static String literalAt(byte[] src, JsonNode location) {
    if (!location.canConvertToLong() || location.asLong() < 0 || location.asLong() >= src.length) return null;
    int at = (int) location.asLong();
    int end = at;
    if (src[end] == '-') end = CastText.skipSpace(src, end + 1);
    while (end < src.length) {
      byte c = src[end];
      boolean exponentSign = (c == '-' || c == '+') && (src[end - 1] == 'e' || src[end - 1] == 'E');
      if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || exponentSign)) break;
      end++;
    }
    String text = new String(src, at, end - at, StandardCharsets.UTF_8);
    return LITERAL.matcher(text).matches() ? text : null;
  }
}
