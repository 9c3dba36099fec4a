package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds PostgreSQL's JSON operators as PostgreSQL does. DuckDB's grammar gives {@code ->} the
 * lowest precedence ({@code p AND x -> 'k' IS NULL} is {@code (p AND x) -> ('k' IS NULL)}) and
 * {@code ->>}, {@code #>}, {@code #>>} that of the operator on their left ({@code 'v' = x ->> 'k'}
 * is {@code ('v' = x) ->> 'k'}). PostgreSQL binds all four as tightly as any operator but
 * arithmetic: tighter than LIKE, IN, BETWEEN, comparisons, IS, NOT, AND and OR, and left to right
 * with {@code ||}, {@code ?} and the like.
 *
 * <p>Bottom-up, an arrow takes the nearest operands on either side of it (the last operand of the
 * looser operators DuckDB put on its left, the first of those it put on its right), and the
 * operators around it are nested again by PostgreSQL's precedence; an operator applied to a tree
 * this rebuilt is moved down into it past the looser ones. A lambda ({@code lambda v: ...},
 * located at its parameter) is left alone. Runs before every other rewrite.
 */
final class PgArrowPrecedence {
  /** The JSON operators DuckDB parses as functions (a single arrow is a LAMBDA node). */
  private static final Set<String> ARROW_FUNCTIONS = Set.of("->>", "#>", "#>>");
  private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "//", "%", "^", "**");
  /** LIKE and ILIKE: PostgreSQL binds them more loosely than the other operators. */
  private static final Set<String> LIKE_OPERATORS = PgExpressions.LIKE_WITH_ESCAPE.keySet();

  private final byte[] source;
  private final Set<JsonNode> rebuilt = Collections.newSetFromMap(new IdentityHashMap<>());

  private PgArrowPrecedence(String sql) {
    this.source = sql.getBytes(StandardCharsets.UTF_8);
  }

  /** Rebinds every JSON operator of the statement's node in place; {@code sql} is the text DuckDB parsed. */
  static void apply(ObjectNode statement, String sql) {
    new PgArrowPrecedence(sql).visit(statement);
  }

  private JsonNode visit(JsonNode n) {
    if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, visit(a.get(i)));
      return a;
    }
    if (!(n instanceof ObjectNode o)) return n;
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      field.setValue(visit(field.getValue()));
    }
    if (!o.has("class")) return o;
    JsonNode result;
    if (singleArrow(o)) result = arrow(o);
    else if (arrowFunction(o) || looserOnTheRight(o) && rebuilt.contains(firstOperand(o))) result = pushDown(o);
    else return o;
    if (result != o) {
      ((ObjectNode) result).put("alias", o.path("alias").asText());
      o.put("alias", "");
      rebuilt.add(result);
    }
    return result;
  }

  /** A single arrow between the nearest operands, the operators around it nested by precedence. */
  private JsonNode arrow(ObjectNode arrow) {
    List<ObjectNode> lefts = new ArrayList<>(); // outermost first
    for (JsonNode l = arrow.path("lhs"); looserOnTheLeft(l); l = lastOperand(l)) lefts.add((ObjectNode) l);
    List<ObjectNode> rights = new ArrayList<>();
    for (JsonNode r = arrow.path("expr"); looserOnTheRight(r); r = firstOperand(r)) rights.add((ObjectNode) r);
    if (lefts.isEmpty() && rights.isEmpty()) return arrow;
    if (!lefts.isEmpty()) arrow.set("lhs", lastOperand(lefts.get(lefts.size() - 1)));
    if (!rights.isEmpty()) arrow.set("expr", firstOperand(rights.get(rights.size() - 1)));
    JsonNode result = arrow;
    int i = lefts.size() - 1;
    int j = rights.size() - 1;
    while (i >= 0 || j >= 0) {
      // the tighter one wraps first; of two alike the left one (left to right)
      if (j < 0 || i >= 0 && precedence(lefts.get(i)) >= precedence(rights.get(j))) {
        setLastOperand(lefts.get(i), result);
        result = lefts.get(i--);
      } else {
        setFirstOperand(rights.get(j), result);
        result = rights.get(j--);
      }
    }
    return result;
  }

  /** Moves {@code e} down into its first operand past every operator there binding more loosely. */
  private JsonNode pushDown(ObjectNode e) {
    JsonNode top = firstOperand(e);
    int p = precedence(e);
    if (!looserOnTheLeft(top) || precedence(top) >= p) return e;
    ObjectNode holder = (ObjectNode) top;
    while (looserOnTheLeft(lastOperand(holder)) && precedence(lastOperand(holder)) < p) {
      holder = (ObjectNode) lastOperand(holder);
    }
    setFirstOperand(e, lastOperand(holder));
    setLastOperand(holder, e);
    return top;
  }

  private boolean singleArrow(JsonNode e) {
    if (!e.path("class").asText().equals("LAMBDA")) return false;
    JsonNode at = e.path("query_location");
    return at.canConvertToLong() && at.asLong() >= 0 && at.asLong() < source.length && source[(int) at.asLong()] == '-';
  }

  private static boolean arrowFunction(JsonNode e) {
    return e.path("class").asText().equals("FUNCTION") && ARROW_FUNCTIONS.contains(e.path("function_name").asText())
        && e.path("children").size() == 2;
  }

  /** An operator binding more loosely than an arrow on its left (its first operand). */
  private static boolean looserOnTheRight(JsonNode e) {
    return switch (e.path("class").asText()) {
      case "FUNCTION" -> e.path("is_operator").asBoolean(false)
          && e.path("children").size() == 2 && !ARITHMETIC.contains(e.path("function_name").asText());
      case "COMPARISON", "CONJUNCTION", "BETWEEN" -> true;
      case "OPERATOR" -> switch (e.path("type").asText()) {
        case "OPERATOR_IS_NULL", "OPERATOR_IS_NOT_NULL", "COMPARE_IN", "COMPARE_NOT_IN" -> true;
        default -> false;
      };
      default -> false;
    };
  }

  /** An operator binding more loosely than an arrow on its right (its last operand). */
  private static boolean looserOnTheLeft(JsonNode e) {
    return switch (e.path("class").asText()) {
      case "COMPARISON", "CONJUNCTION", "BETWEEN" -> true;
      case "OPERATOR" -> e.path("type").asText().equals("OPERATOR_NOT");
      case "FUNCTION" -> e.path("is_operator").asBoolean(false) && e.path("children").size() == 2
          && LIKE_OPERATORS.contains(e.path("function_name").asText());
      default -> false;
    };
  }

  /** PostgreSQL's precedence of the operators above; higher binds tighter. */
  private static int precedence(JsonNode e) {
    return switch (e.path("class").asText()) {
      case "FUNCTION" -> LIKE_OPERATORS.contains(e.path("function_name").asText()) ? 6 : 7;
      case "BETWEEN" -> 6;
      case "COMPARISON" -> e.path("type").asText().contains("DISTINCT") ? 4 : 5;
      case "CONJUNCTION" -> e.path("type").asText().equals("CONJUNCTION_OR") ? 1 : 2;
      default -> switch (e.path("type").asText()) {
        case "COMPARE_IN", "COMPARE_NOT_IN" -> 6;
        case "OPERATOR_NOT" -> 3;
        default -> 4; // IS NULL, IS NOT NULL
      };
    };
  }

  private static JsonNode firstOperand(JsonNode e) {
    return switch (e.path("class").asText()) {
      case "COMPARISON" -> e.path("left");
      case "BETWEEN" -> e.path("input");
      default -> e.path("children").path(0);
    };
  }

  private static void setFirstOperand(ObjectNode e, JsonNode operand) {
    switch (e.path("class").asText()) {
      case "COMPARISON" -> e.set("left", operand);
      case "BETWEEN" -> e.set("input", operand);
      default -> ((ArrayNode) e.path("children")).set(0, operand);
    }
  }

  private static JsonNode lastOperand(JsonNode e) {
    return switch (e.path("class").asText()) {
      case "COMPARISON" -> e.path("right");
      case "BETWEEN" -> e.path("upper");
      default -> e.path("children").path(e.path("children").size() - 1);
    };
  }

  private static void setLastOperand(ObjectNode e, JsonNode operand) {
    switch (e.path("class").asText()) {
      case "COMPARISON" -> e.set("right", operand);
      case "BETWEEN" -> e.set("upper", operand);
      default -> ((ArrayNode) e.path("children")).set(e.path("children").size() - 1, operand);
    }
  }
}
