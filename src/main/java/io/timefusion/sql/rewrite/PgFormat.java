package io.timefusion.sql.rewrite;

import static io.timefusion.sql.rewrite.PgExpressions.text;
import static io.timefusion.sql.rewrite.SqlAst.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.sql.pgcatalog.PgCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's {@code format(pattern, values...)} for a pattern written in the query: the
 * concatenation of its text and its values, {@code %s} as text (NULL as nothing), {@code %I} as a
 * quoted identifier, {@code %L} as a quoted literal (NULL as {@code NULL}), with positions
 * ({@code %2$s}), widths and {@code -} for left alignment ({@code %-10s}, {@code %*s}). DuckDB's
 * own format() reads {@code {}} patterns and would return a PostgreSQL pattern unchanged.
 */
final class PgFormat {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PgFormat() {}

  /** The expression for {@code format(pattern, args[1], ...)}; {@code args[0]} is the pattern. */
  static JsonNode expression(String pattern, ArrayNode args) {
    List<JsonNode> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int next = 1;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i++);
      if (c != '%') {
        literal.append(c);
        continue;
      }
      if (i >= pattern.length()) throw error("unterminated format() type specifier", "For a single \"%\" use \"%%\".");
      if (pattern.charAt(i) == '%') {
        literal.append('%');
        i++;
        continue;
      }
      // %[position$][-][width|*|*position$]type
      int position = -1;
      int digitsEnd = digitsEnd(pattern, i);
      if (digitsEnd > i && digitsEnd < pattern.length() && pattern.charAt(digitsEnd) == '$') {
        position = Integer.parseInt(pattern.substring(i, digitsEnd));
        if (position == 0) throw error("format specifies argument 0, but arguments are numbered from 1", null);
        i = digitsEnd + 1;
      }
      boolean left = false;
      while (i < pattern.length() && pattern.charAt(i) == '-') {
        left = true;
        i++;
      }
      JsonNode width = null;
      if (i < pattern.length() && pattern.charAt(i) == '*') {
        i++;
        int widthArg;
        int end = digitsEnd(pattern, i);
        if (end > i && end < pattern.length() && pattern.charAt(end) == '$') {
          widthArg = Integer.parseInt(pattern.substring(i, end));
          i = end + 1;
        } else {
          widthArg = next++;
        }
        width = argument(args, widthArg).deepCopy();
      } else {
        int end = digitsEnd(pattern, i);
        if (end > i) {
          width = SqlAst.constant("INTEGER", F.numberNode(Integer.parseInt(pattern.substring(i, end))));
          i = end;
        }
      }
      if (i >= pattern.length()) throw error("unterminated format() type specifier", "For a single \"%\" use \"%%\".");
      char type = pattern.charAt(i++);
      int index = position > 0 ? position : next;
      next = index + 1;
      JsonNode value = argument(args, index).deepCopy();
      JsonNode formatted = switch (type) {
        case 's' -> PgFunctionCalls.coalesce(out(value), text(""));
        case 'I' -> PgFunctionCalls.coalesce(quoteIdent(out(value)), function("error", text("null values cannot be formatted as an SQL identifier")));
        case 'L' -> PgFunctionCalls.quoteNullable(value);
        default -> throw error("unrecognized format() type specifier \"" + type + "\"", "For a single \"%\" use \"%%\".");
      };
      if (width != null) formatted = padded(formatted, width, left);
      if (!literal.isEmpty()) {
        parts.add(text(literal.toString()));
        literal.setLength(0);
      }
      parts.add(formatted);
    }
    if (!literal.isEmpty() || parts.isEmpty()) parts.add(text(literal.toString()));
    // concat() skips NULLs, which the parts never are; a NULL pattern is not constant text
    return parts.size() == 1 ? parts.get(0) : function("concat", parts.toArray(JsonNode[]::new));
  }

  /** The catalog's quote_ident (PostgreSQL's keywords are quoted). */
  private static JsonNode quoteIdent(JsonNode s) {
    ObjectNode f = function("quote_ident", s);
    f.put("schema", PgCatalog.DUCKDB_PG_CATALOG);
    return f;
  }

  private static JsonNode out(JsonNode value) {
    return PgNumeric.isText(value) || PgExpressions.hasParameter(value) ? value : function("tf_out", PgNumeric.typeProbe(value), value);
  }

  /** A width pads with spaces on the left (on the right with {@code -} or a negative width) and never cuts. */
  private static JsonNode padded(JsonNode s, JsonNode width, boolean left) {
    JsonNode w = function("abs", width);
    JsonNode length = SqlAst.cast(function("greatest", w, function("length", s.deepCopy())), SqlAst.type("INTEGER"));
    JsonNode leftPad = function("lpad", s.deepCopy(), length.deepCopy(), text(" "));
    JsonNode rightPad = function("rpad", s, length, text(" "));
    if (left) return rightPad;
    ObjectNode negative = SqlAst.expression("COMPARISON", "COMPARE_LESSTHAN");
    negative.set("left", width.deepCopy());
    negative.set("right", SqlAst.constant("INTEGER", F.numberNode(0)));
    return PgFunctionCalls.caseWhen(negative, rightPad, leftPad);
  }

  private static JsonNode argument(ArrayNode args, int index) {
    if (index >= args.size()) throw error("too few arguments for format()", null);
    return args.get(index);
  }

  private static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
    return i;
  }

  private static PgException error(String message, String hint) {
    return new PgException(SqlState.INVALID_PARAMETER_VALUE, message, null, hint, null);
  }
}
