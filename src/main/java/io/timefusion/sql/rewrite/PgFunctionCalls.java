package io.timefusion.sql.rewrite;

import static io.timefusion.sql.rewrite.PgExpressions.hasParameter;
import static io.timefusion.sql.rewrite.PgExpressions.text;
import static io.timefusion.sql.rewrite.PgNumeric.isText;
import static io.timefusion.sql.rewrite.SqlAst.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.write.Coercion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL's scalar functions, casts and operators where DuckDB has none of the name or answers
 * differently: the text of a float or an interval ({@code x::text}, {@code ||}, {@code concat}),
 * boolean and date/time input ({@code 'off'::bool}, {@code 'yesterday'::date}), {@code extract}'s
 * numeric scale, {@code format()}, number patterns of {@code to_char} and {@code to_number}, the
 * regular-expression {@code substring}, {@code BETWEEN SYMMETRIC} and functions renamed or given
 * arguments DuckDB does not take. The macros and Java functions called are {@code
 * io.timefusion.query.PgFunctions}.
 */
final class PgFunctionCalls {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  /** What {@link PgCatalogSyntax} writes for the SYMMETRIC of {@code BETWEEN SYMMETRIC}, which DuckDB cannot parse. */
  static final String SYMMETRIC_MARK = "/*SYMMETRIC*/";
  /** PostgreSQL's functions DuckDB has under another name. */
  private static final Map<String, String> RENAMED = Map.of("every", "bool_and", "|/", "sqrt", "||/", "cbrt");
  /** Functions that take other arguments in PostgreSQL: their macro, when called with that many. */
  private static final Map<String, String> OTHER_ARITY = Map.of(
      "date_trunc/3", "tf_date_trunc_zone", "lpad/2", "tf_lpad", "rpad/2", "tf_rpad");
  private static final Set<String> DATETIME_WORDS = Set.of("now", "today", "tomorrow", "yesterday", "epoch");
  /** extract() fields PostgreSQL answers with decimals: the scale. */
  private static final Map<String, Integer> EXTRACT_SCALE = Map.of("second", 6, "seconds", 6, "milliseconds", 3, "millisecond", 3, "ms", 3);
  /** A timestamp whose time has no seconds and is followed by a zone, which DuckDB does not read. */
  private static final java.util.regex.Pattern MINUTES_AND_ZONE =
      java.util.regex.Pattern.compile("\\s*\\d{4,}-\\d{1,2}-\\d{1,2}[Tt ]\\s*\\d{1,2}:\\d{2}\\s*[^\\d:\\s.].*");
  private static final DateTimeFormatter TIMESTAMP_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private PgFunctionCalls() {}

  /** The replacement of expression {@code e} (whose children are rewritten), or {@code e} itself. */
  static JsonNode rewrite(ObjectNode e, byte[] source) {
    String cls = e.path("class").asText();
    return switch (cls) {
      case "CAST" -> cast(e);
      case "COMPARISON" -> comparison(e);
      case "BETWEEN" -> between(e, source, e.path("query_location"));
      case "OPERATOR" -> notBetween(e, source);
      case "FUNCTION" -> call(e, source);
      case "WINDOW" -> renamed(e);
      default -> e;
    };
  }

  // ---- casts ----

  private static JsonNode cast(ObjectNode e) {
    if (e.path("try_cast").asBoolean(false)) return e;
    JsonNode child = e.path("child");
    String target = e.path("cast_type").path("id").asText();
    String literal = isText(child) ? child.path("value").path("value").asText() : null;
    switch (target) {
      case "VARCHAR" -> {
        if (literal != null || isText(child) || hasParameter(child) || isStringCast(child) || isJson(child)) return e;
        return function("tf_text", PgNumeric.typeProbe(child), child);
      }
      case "BOOLEAN" -> {
        if (literal != null) {
          Boolean b = Coercion.bool(literal);
          if (b == null) throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type boolean: \"" + literal + "\"");
          return SqlAst.constant("BOOLEAN", F.booleanNode(b));
        }
        if (hasParameter(child)) return e;
        return function("tf_bool", PgNumeric.typeProbe(child), child);
      }
      case "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> {
        String read = literal == null ? null : datetimeText(literal, target);
        if (read != null) ((ObjectNode) child.path("value")).put("value", read);
        return e;
      }
      case "TIME" -> {
        if (literal != null || hasParameter(child)) return e;
        return function("tf_time", PgNumeric.typeProbe(child), child);
      }
      default -> {
        return e;
      }
    }
  }

  /**
   * Date/time text as PostgreSQL reads it, written the way DuckDB reads it: the words {@code now},
   * {@code today}, {@code yesterday}, {@code tomorrow} and {@code epoch} (taken when the query is
   * parsed, as PostgreSQL takes them), and forms DuckDB refuses ({@code 10:00+00}, {@code T10:00Z}).
   * Null leaves the text to DuckDB (infinity, and text neither reads, which is an error).
   */
  private static String datetimeText(String text, String target) {
    if (target.equals("DATE")) {
      Integer days = Coercion.dateDays(text);
      return days == null ? null : LocalDate.ofEpochDay(days).toString();
    }
    boolean zone = !target.equals("TIMESTAMP");
    Long micros = Coercion.timestampMicros(text, zone);
    if (micros == null) return null;
    Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    return TIMESTAMP_TEXT.format(at.atOffset(ZoneOffset.UTC)) + (zone ? "+00" : "");
  }

  /**
   * {@code timestamp > 'yesterday'}: a date/time word compared with a value is read as that
   * value's type, when its type is a date or time (text compared with text stays text).
   */
  private static JsonNode comparison(ObjectNode e) {
    for (String side : new String[] {"left", "right"}) {
      JsonNode word = e.path(side);
      JsonNode other = e.path(side.equals("left") ? "right" : "left");
      if (isDatetimeWord(word) && !other.path("class").asText().equals("CONSTANT") && !hasParameter(other)) {
        e.set(side, datetimeWord(word, other));
      }
    }
    return e;
  }

  /**
   * Text DuckDB cannot read as a date or time and PostgreSQL can: a word such as {@code today},
   * or a time without seconds followed by a zone ({@code 10:00+00}, {@code T10:00Z}). Any other
   * text stays a literal DuckDB reads itself, which pruning understands.
   */
  private static boolean isDatetimeWord(JsonNode e) {
    if (!isText(e)) return false;
    String text = e.path("value").path("value").asText();
    boolean word = DATETIME_WORDS.contains(text.strip().toLowerCase(Locale.ROOT));
    return (word || MINUTES_AND_ZONE.matcher(text).matches()) && datetimeText(text, "TIMESTAMP WITH TIME ZONE") != null;
  }

  private static JsonNode datetimeWord(JsonNode word, JsonNode other) {
    String w = word.path("value").path("value").asText();
    String date = datetimeText(w, "DATE");
    return function("tf_datetime_literal", PgNumeric.typeProbe(other), text(datetimeText(w, "TIMESTAMP WITH TIME ZONE")),
        date == null ? SqlAst.nullConstant("NULL") : text(date), word);
  }

  // ---- BETWEEN SYMMETRIC ----

  /** {@code x BETWEEN SYMMETRIC a AND b}: {@code x BETWEEN a AND b OR x BETWEEN b AND a}. */
  private static JsonNode between(ObjectNode e, byte[] source, JsonNode location) {
    if (!symmetricAt(source, location)) return e;
    ObjectNode swapped = e.deepCopy();
    swapped.set("lower", e.path("upper").deepCopy());
    swapped.set("upper", e.path("lower").deepCopy());
    swapped.put("alias", "");
    ObjectNode or = SqlAst.expression("CONJUNCTION", "CONJUNCTION_OR");
    or.putArray("children").add(e).add(swapped);
    return or;
  }

  /** DuckDB puts NOT BETWEEN's location on the NOT. */
  private static JsonNode notBetween(ObjectNode e, byte[] source) {
    JsonNode child = e.path("children").path(0);
    if (!e.path("type").asText().equals("OPERATOR_NOT") || !child.path("class").asText().equals("BETWEEN")) return e;
    ((ArrayNode) e.path("children")).set(0, between((ObjectNode) child, source, e.path("query_location")));
    return e;
  }

  /** Whether the BETWEEN (or NOT BETWEEN) at {@code location} was written SYMMETRIC. */
  private static boolean symmetricAt(byte[] source, JsonNode location) {
    if (!location.canConvertToLong() || location.asLong() < 0 || location.asLong() >= source.length) return false;
    String rest = new String(source, (int) location.asLong(), source.length - (int) location.asLong(), StandardCharsets.UTF_8);
    return rest.matches("(?is)(not\\s+)?between\\s*" + java.util.regex.Pattern.quote(SYMMETRIC_MARK) + ".*");
  }

  // ---- function calls ----

  private static JsonNode call(ObjectNode e, byte[] source) {
    String fn = e.path("function_name").asText().toLowerCase(Locale.ROOT);
    ArrayNode args = (ArrayNode) e.path("children");
    boolean operator = e.path("is_operator").asBoolean(false);
    if (operator && fn.equals("||") && args.size() == 2) {
      // jsonb || jsonb merges objects and arrays in PostgreSQL; concatenating their text would be a wrong answer
      if (isJsonb(args.get(0)) || isJsonb(args.get(1))) {
        throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "jsonb || jsonb is not supported");
      }
      for (int i = 0; i < 2; i++) args.set(i, asText(args.get(i), "tf_concat_operand"));
      return e;
    }
    if (RENAMED.containsKey(fn)) return renamed(e);
    if (fn.equals("date_trunc") && args.size() == 2) {
      return function("tf_date_trunc", PgNumeric.typeProbe(args.get(1)), args.get(0), args.get(1));
    }
    String other = OTHER_ARITY.get(fn + "/" + args.size());
    if (other != null) {
      e.put("function_name", other);
      e.put("schema", "");
      return e;
    }
    switch (fn) {
      case "concat", "concat_ws" -> {
        for (int i = fn.equals("concat") ? 0 : 1; i < args.size(); i++) args.set(i, asText(args.get(i), "tf_out"));
      }
      case "substring" -> {
        if (args.size() == 2 && isText(args.get(1))) return substringRegex(args.get(0), args.get(1).path("value").path("value").asText());
      }
      case "date_part" -> {
        return datePart(e, args);
      }
      case "round" -> {
        // round(x) of a float rounds half to even; one the rewrites wrote (PgAverages) is a numeric's
        if (args.size() == 1 && writtenAt(source, e.path("query_location")) && !hasAverage(args.get(0))
            && !args.get(0).path("class").asText().equals("CONSTANT")) {
          return function("tf_round", PgNumeric.typeProbe(args.get(0)), args.get(0));
        }
      }
      case "to_char" -> {
        if (args.size() == 2 && isText(args.get(1))) return toChar(e, args.get(0), args.get(1));
      }
      case "to_number" -> {
        if (args.size() == 2) return PgNumeric.numeric(function("tf_to_number", args.get(0), args.get(1)));
      }
      case "to_date", "to_timestamp" -> {
        if (args.size() == 2 && isText(args.get(1))) {
          String format = ToCharFormat.toStrptime(args.get(1).path("value").path("value").asText());
          if (format != null) {
            String type = fn.equals("to_date") ? "DATE" : "TIMESTAMP WITH TIME ZONE";
            return SqlAst.cast(function("strptime", args.get(0), text(format)), SqlAst.type(type));
          }
        }
      }
      case "octet_length" -> {
        if (args.size() == 1) return function("tf_octet_length", PgNumeric.typeProbe(args.get(0)), args.get(0));
      }
      case "encode", "decode" -> {
        if (args.size() == 2 && isText(args.get(1))) return encoding(fn, args.get(0), args.get(1).path("value").path("value").asText());
      }
      case "to_hex" -> {
        // PostgreSQL's digits are lower case
        if (args.size() == 1) return function("lower", e);
      }
      case "sha256" -> {
        // a bytea in PostgreSQL, the hex text in DuckDB
        if (args.size() == 1) return function("unhex", e);
      }
      case "regexp_match" -> {
        if ((args.size() == 2 || args.size() == 3) && isText(args.get(1)) && (args.size() == 2 || isText(args.get(2)))) {
          return regexpMatch(args);
        }
      }
      case "quote_literal", "quote_nullable" -> {
        if (args.size() == 1) return fn.equals("quote_literal") ? quoteLiteral(args.get(0)) : quoteNullable(args.get(0));
      }
      case "format" -> {
        if (args.size() >= 1 && isText(args.get(0))) return PgFormat.expression(args.get(0).path("value").path("value").asText(), args);
      }
      default -> {}
    }
    return e;
  }

  /**
   * to_char(x, pattern): a number pattern by PostgreSQL's rules (query/PgNumberFormat); a date
   * and time pattern through strftime, a name blank-padded and cased as the pattern writes it.
   */
  private static JsonNode toChar(ObjectNode e, JsonNode x, JsonNode pattern) {
    String p = pattern.path("value").path("value").asText();
    if (ToCharFormat.isNumberPattern(p)) return function("tf_to_char_number", PgNumeric.typeProbe(x), x, pattern);
    java.util.List<ToCharFormat.Part> parts = ToCharFormat.parts(p);
    if (parts == null) return e;
    JsonNode out = null;
    for (ToCharFormat.Part part : parts) {
      JsonNode piece = function("tf_strftime", PgNumeric.typeProbe(x), x.deepCopy(), text(part.format()));
      if (part.letterCase() == 'U') piece = function("upper", piece);
      if (part.letterCase() == 'L') piece = function("lower", piece);
      if (part.width() > 0) piece = function("rpad", piece, SqlAst.constant("INTEGER", F.numberNode(part.width())), text(" "));
      out = out == null ? piece : operator("||", out, piece);
    }
    return out;
  }

  private static ObjectNode renamed(ObjectNode e) {
    String to = RENAMED.get(e.path("function_name").asText().toLowerCase(Locale.ROOT));
    if (to == null) return e;
    e.put("function_name", to);
    e.put("is_operator", false);
    return e;
  }

  /** quote_literal(x): x's text in quotes, NULL for NULL. */
  private static JsonNode quoteLiteral(JsonNode x) {
    return function("tf_quote_literal", isText(x) || hasParameter(x) ? x : function("tf_text", PgNumeric.typeProbe(x), x));
  }

  /** quote_nullable(x): as quote_literal, NULL written {@code NULL}. */
  static JsonNode quoteNullable(JsonNode x) {
    return coalesce(quoteLiteral(x), text("NULL"));
  }

  /** {@code x} as text where it is an operand of {@code ||} or an argument of concat(): through {@code macro}. */
  private static JsonNode asText(JsonNode x, String macro) {
    if (isText(x) || hasParameter(x) || isStringCast(x)) return x;
    return function(macro, PgNumeric.typeProbe(x), x);
  }

  /** {@code substring(x FROM pattern)}: the match of the first parenthesized part, else of the whole pattern; NULL without a match. */
  private static JsonNode substringRegex(JsonNode x, String pattern) {
    return function("tf_substring_regex", x, text(pattern), SqlAst.constant("INTEGER", F.numberNode(capturingGroups(pattern) > 0 ? 1 : 0)));
  }

  /** PostgreSQL's regexp_match: the captured parts (the whole match without any), NULL without a match. */
  private static JsonNode regexpMatch(ArrayNode args) {
    String pattern = args.get(1).path("value").path("value").asText();
    int groups = capturingGroups(pattern);
    ObjectNode list = function("list_value");
    for (int g = groups == 0 ? 0 : 1; g <= groups; g++) {
      ObjectNode extract = function("regexp_extract", args.get(0).deepCopy(), args.get(1).deepCopy(), SqlAst.constant("INTEGER", F.numberNode(g)));
      if (args.size() == 3) ((ArrayNode) extract.path("children")).add(args.get(2).deepCopy());
      ((ArrayNode) list.path("children")).add(extract);
    }
    ObjectNode matches = args.size() == 3 ? function("regexp_matches", args.get(0), args.get(1), args.get(2)) : function("regexp_matches", args.get(0), args.get(1));
    return caseWhen(matches, list, SqlAst.nullConstant("NULL"));
  }

  /** {@code COALESCE(a, b)}, an operator in DuckDB's tree. */
  static ObjectNode coalesce(JsonNode a, JsonNode b) {
    ObjectNode c = SqlAst.expression("OPERATOR", "OPERATOR_COALESCE");
    c.putArray("children").add(a).add(b);
    return c;
  }

  /** {@code CASE WHEN condition THEN then ELSE otherwise END}. */
  static ObjectNode caseWhen(JsonNode condition, JsonNode then, JsonNode otherwise) {
    ObjectNode kase = SqlAst.expression("CASE", "CASE_EXPR");
    ObjectNode check = F.objectNode();
    check.set("when_expr", condition);
    check.set("then_expr", then);
    kase.putArray("case_checks").add(check);
    kase.set("else_expr", otherwise);
    return kase;
  }

  /** The capturing groups of a regular expression: each ( not escaped, not in a bracket, not followed by ?. */
  static int capturingGroups(String pattern) {
    int n = 0;
    boolean bracket = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') i++;
      else if (bracket) bracket = c != ']';
      else if (c == '[') bracket = true;
      else if (c == '(' && (i + 1 >= pattern.length() || pattern.charAt(i + 1) != '?')) n++;
    }
    return n;
  }

  /**
   * {@code extract(field FROM x)} (DuckDB's parser marks it with schema "main") is numeric in
   * PostgreSQL: seconds with 6 decimals, milliseconds with 3, every other field an integer
   * (epoch is {@link PgExpressions}'). The function {@code date_part('second', x)} is a float
   * with the fraction of the second.
   */
  private static JsonNode datePart(ObjectNode e, ArrayNode args) {
    if (args.size() != 2 || !isText(args.get(0))) return e;
    String field = args.get(0).path("value").path("value").asText().strip().toLowerCase(Locale.ROOT);
    Integer scale = EXTRACT_SCALE.get(field);
    if (!e.path("schema").asText().equals("main")) {
      if (scale == null) return e;
      ObjectNode micros = SqlAst.cast(function("date_part", text("microseconds"), args.get(1)), SqlAst.type("DOUBLE"));
      return operator("/", micros, SqlAst.constant("DOUBLE", F.numberNode(scale == 6 ? 1e6 : 1e3)));
    }
    if (field.equals("epoch") || field.equals("julian")) return e;
    if (scale == null) return SqlAst.cast(e, PgNumeric.decimal(18, 0));
    ObjectNode micros = SqlAst.cast(function("date_part", text("microseconds"), args.get(1)), PgNumeric.decimal(18, 0));
    ObjectNode unit = SqlAst.cast(text(scale == 6 ? "0.000001" : "0.001"), PgNumeric.decimal(scale + 1, scale));
    return operator("*", micros, unit);
  }

  /** encode(bytea, format) and decode(text, format) for the formats hex and base64. */
  private static JsonNode encoding(String fn, JsonNode x, String format) {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "hex" -> fn.equals("encode") ? function("lower", function("hex", x)) : function("unhex", x);
      case "base64" -> fn.equals("encode") ? function("to_base64", x) : function("from_base64", x);
      default -> throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "encoding \"" + format + "\" is not supported");
    };
  }

  // ---- helpers ----

  private static ObjectNode operator(String name, JsonNode a, JsonNode b) {
    ObjectNode o = function(name, a, b);
    o.put("is_operator", true);
    return o;
  }

  /** A json or jsonb value as the query writes it, whose text {@link PgJson} prints (jsonb's normalized). */
  private static boolean isJson(JsonNode e) {
    return switch (e.path("class").asText()) {
      case "CAST" -> {
        JsonNode type = e.path("cast_type");
        String name = type.path("type_info").path("name").asText().toLowerCase(Locale.ROOT);
        yield name.equals("jsonb") || name.equals("json") || type.path("id").asText().equals("JSON");
      }
      case "FUNCTION" -> e.path("function_name").asText().toLowerCase(Locale.ROOT).matches("jsonb?_.*|to_jsonb?|->|#>");
      case "LAMBDA" -> true; // ->, JSON access
      default -> false;
    };
  }

  /** A jsonb value as the query writes it: a cast to jsonb, a jsonb function, an operator on one. */
  private static boolean isJsonb(JsonNode e) {
    return switch (e.path("class").asText()) {
      case "CAST" -> e.path("cast_type").path("type_info").path("name").asText().equalsIgnoreCase("jsonb");
      case "FUNCTION" -> e.path("function_name").asText().toLowerCase(Locale.ROOT).matches("jsonb_(extract_path|build_object|build_array|agg|object_agg|array_elements)|to_jsonb")
          || e.path("function_name").asText().equals("#>") && isJsonb(e.path("children").path(0));
      case "LAMBDA" -> isJsonb(e.path("lhs"));
      default -> false;
    };
  }

  private static boolean isStringCast(JsonNode e) {
    return e.path("class").asText().equals("CAST") && e.path("cast_type").path("id").asText().equals("VARCHAR");
  }

  private static boolean hasAverage(JsonNode n) {
    String fn = n.path("function_name").asText();
    if (fn.equals("avg") || fn.equals("mean") || fn.startsWith("tf_avg")) return true;
    for (JsonNode child : n) if (child.isContainerNode() && hasAverage(child)) return true;
    return false;
  }

  /** Whether a node's location is in the client's text (a rewrite's own nodes have none). */
  private static boolean writtenAt(byte[] source, JsonNode location) {
    return location.canConvertToLong() && location.asLong() >= 0 && location.asLong() < source.length;
  }
}
