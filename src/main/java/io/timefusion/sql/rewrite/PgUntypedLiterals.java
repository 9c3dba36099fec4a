package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A quoted literal in arithmetic ({@code timestamp - '2025-01-01'}, {@code 1 + '2'}, {@code
 * duration * '2'}) has type unknown in PostgreSQL, which reads it as the other operand's type
 * where that type has the operator (docs 10.2, Operators). DuckDB has several candidates for a
 * string literal there and refuses to choose. The type of the other operand is known only when
 * DuckDB binds the query, so the literal becomes a call of a macro chain ({@code tf_unknown_*} in
 * {@code io.timefusion.query.PgFunctionMacros}) that casts it by the type of a probe of that
 * operand, as PostgreSQL would, or raises PostgreSQL's error for text that is no such value.
 * Comparisons are left alone: DuckDB already reads the literal as the other side's type there.
 */
final class PgUntypedLiterals {
  private static final Map<String, String> MACROS =
      Map.of("-", "tf_unknown_minus", "+", "tf_unknown_plus", "*", "tf_unknown_times", "/", "tf_unknown_times", "%", "tf_unknown_modulo");

  private PgUntypedLiterals() {}

  /** Rewrites every arithmetic operator below {@code node} with one untyped literal operand. */
  static void apply(JsonNode node) {
    if (node instanceof ObjectNode o && o.path("class").asText().equals("FUNCTION") && o.path("is_operator").asBoolean(false)
        && o.path("children").size() == 2 && MACROS.containsKey(o.path("function_name").asText())) {
      ArrayNode args = (ArrayNode) o.path("children");
      boolean left = isUntyped(args.get(0));
      boolean right = isUntyped(args.get(1));
      // (DuckDB types a parameter from its context, which a probe in a macro call would hide)
      if (left != right && !PgExpressions.hasParameter(args.get(left ? 1 : 0))) {
        int literal = left ? 0 : 1;
        JsonNode other = args.get(1 - literal);
        String text = args.get(literal).path("value").path("value").asText();
        args.set(literal, SqlAst.function(MACROS.get(o.path("function_name").asText()),
            PgNumeric.typeProbe(other), args.get(literal), PgNumeric.numericText(text)));
      }
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      JsonNode child = it.next();
      if (child.isContainerNode()) apply(child);
    }
  }

  /** A string constant as written, {@code 'x'}: unknown in PostgreSQL ({@code 'x'::text} is a cast). */
  private static boolean isUntyped(JsonNode e) {
    return e.path("class").asText().equals("CONSTANT") && e.path("value").path("type").path("id").asText().equals("VARCHAR")
        && !e.path("value").path("is_null").asBoolean(false);
  }
}
