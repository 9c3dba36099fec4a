package io.timefusion.sql.rewrite;

import static io.timefusion.sql.rewrite.SqlAst.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Calls of PostgreSQL's array functions and operators, and of {@code date_bin}, where DuckDB's
 * function of the same name answers differently or is missing: each becomes a call of a macro
 * of {@code io.timefusion.query.PgFunctionMacros} that computes PostgreSQL's answer.
 */
final class PgArrayCalls {
  private static final Set<String> ARRAY_OPERATORS = Set.of("@>", "<@", "&&");

  private PgArrayCalls() {}

  /** Rewrites every call below {@code node}, children first; returns the replacement. */
  static JsonNode rewrite(JsonNode node) {
    return SqlAst.replaceBottomUp(node, PgArrayCalls::rewriteCall);
  }

  private static JsonNode rewriteCall(ObjectNode o) {
    if (!o.path("class").asText().equals("FUNCTION") || !o.path("filter").isNull() || !o.path("schema").asText().isEmpty()) return o;
    JsonNode replaced = call(o.path("function_name").asText(), (ArrayNode) o.path("children"), o.path("is_operator").asBoolean(false));
    return replaced == null ? o : replaced;
  }

  private static JsonNode call(String fn, ArrayNode args, boolean operator) {
    int n = args.size();
    if (operator) {
      if (n != 2 || !ARRAY_OPERATORS.contains(fn)) return null;
      // an untyped '{a,b}' beside an array is an array literal in PostgreSQL
      // (an empty one is a list of no type, which fits beside a list of any)
      for (int i = 0; i < 2; i++) {
        JsonNode array = CatalogReferences.arrayLiteral(args.get(i));
        if (array == null || CatalogReferences.arrayLiteral(args.get(1 - i)) != null) continue;
        args.set(i, array.path("child").path("children").isEmpty() ? function("list_value") : array);
      }
      // PostgreSQL's array containment: a NULL element is contained in no array
      if (fn.equals("@>")) return function("tf_array_contains", args.get(0), args.get(1));
      if (fn.equals("<@")) return function("tf_array_contains", args.get(1), args.get(0));
      return null;
    }
    return switch (fn) {
      // DuckDB's cardinality() is for maps; PostgreSQL's counts an array's elements
      case "cardinality" -> n == 1 ? function("len", args.get(0)) : null;
      case "array_length" -> n == 2 ? function("tf_array_length", args.get(0), args.get(1)) : null;
      case "array_to_string" -> n == 3 || n == 2 ? function("tf_array_to_string", args.get(0), args.get(1), n == 3 ? args.get(2) : nullText()) : null;
      case "array_position" -> n == 3 ? function("tf_array_position", args.get(0), args.get(1), args.get(2)) : null;
      case "array_positions" -> n == 2 ? function("tf_array_positions", args.get(0), args.get(1)) : null;
      case "array_remove" -> n == 2 ? function("tf_array_remove", args.get(0), args.get(1)) : null;
      case "string_to_array" -> n == 2 || n == 3 ? function("tf_string_to_array", args.get(0), args.get(1), n == 3 ? args.get(2) : nullText()) : null;
      case "date_bin" -> n == 3 ? function("tf_date_bin", interval(args.get(0)), PgNumeric.typeProbe(args.get(1)), args.get(1), args.get(2)) : null;
      default -> null;
    };
  }

  /** {@code CAST(e AS INTERVAL)}: a string literal as the interval it spells, a NULL as a NULL interval. */
  private static JsonNode interval(JsonNode e) {
    return SqlAst.cast(e, SqlAst.type("INTERVAL"));
  }

  private static ObjectNode nullText() {
    return SqlAst.cast(SqlAst.nullConstant(), SqlAst.type("VARCHAR"));
  }
}
