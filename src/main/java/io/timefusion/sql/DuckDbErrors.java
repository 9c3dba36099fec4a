package io.timefusion.sql;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.query.PgJsonFunctions;
import java.sql.SQLException;

/** Turns DuckDB's errors into PostgreSQL errors with the SQLSTATE a PostgreSQL client expects. */
final class DuckDbErrors {
  private static final java.util.regex.Pattern CATALOG_UNDEFINED_RELATION =
      java.util.regex.Pattern.compile("relation \".*\" does not exist");
  private static final java.util.regex.Pattern CATALOG_UNDEFINED_FUNCTION =
      java.util.regex.Pattern.compile("function \".*\" does not exist");
  private static final java.util.regex.Pattern CATALOG_UNDEFINED_OBJECT =
      java.util.regex.Pattern.compile("(type|role|schema) \".*\" does not exist|unrecognized configuration parameter \".*\"");

  private static final java.util.regex.Pattern PG_DATETIME_INPUT =
      java.util.regex.Pattern.compile("invalid input syntax for type (date|time|timestamp|interval)");
  private static final java.util.regex.Pattern FUNCTION_ERROR = java.util.regex.Pattern.compile("SQLSTATE ([0-9A-Z]{5}): (.*)");

  /** DuckDB's caret diagram: the statement's line n as shown (long lines cut with "..."), then spaces and ^. */
  private static final java.util.regex.Pattern CARET = java.util.regex.Pattern.compile("\\nLINE (\\d+): (.*)\\n( *)\\^");

  private DuckDbErrors() {}

  /**
   * The character of {@code statement} (1-based, PostgreSQL's error position) that DuckDB's caret
   * diagram in {@code e} points at, or 0. DuckDB ran the statement as rewritten, so the line it
   * shows is found in the client's text: the whole line, else what follows the caret, else the
   * token at the caret, each only when it occurs once.
   */
  static int position(SQLException e, String statement) {
    java.util.regex.Matcher m = e.getMessage() == null ? null : CARET.matcher(e.getMessage());
    if (m == null || !m.find()) return 0;
    String line = m.group(2);
    int caret = m.group(3).length() - ("LINE " + m.group(1) + ": ").length();
    if (line.startsWith("...")) {
      line = line.substring(3);
      caret -= 3;
    }
    if (line.endsWith("...")) line = line.substring(0, line.length() - 3);
    if (caret < 0 || caret > line.length()) return 0;
    int at = once(statement, line);
    if (at >= 0) return at + caret + 1;
    String rest = line.substring(caret).stripTrailing();
    at = rest.isEmpty() ? -1 : once(statement, rest);
    if (at >= 0) return at + 1;
    int end = 0;
    while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_')) end++;
    at = end == 0 ? -1 : once(statement, rest.substring(0, end));
    return at >= 0 ? at + 1 : 0;
  }

  /** Where {@code part} occurs in {@code text} if it occurs exactly once, else -1. */
  private static int once(String text, String part) {
    int first = text.indexOf(part);
    return first >= 0 && text.indexOf(part, first + 1) < 0 ? first : -1;
  }

  static PgException translate(SQLException e) {
    String msg = e.getMessage() == null ? "query failed" : e.getMessage();
    // DuckDB prefixes its messages with the error class ("Binder Error: ...") and may append
    // a caret diagram after a newline; PostgreSQL clients expect one clean line.
    String firstLine = msg.lines().findFirst().orElse(msg).trim();
    String kind = "";
    String text = firstLine;
    int colon = firstLine.indexOf(": ");
    if (colon > 0 && firstLine.substring(0, colon).endsWith("Error")) {
      kind = firstLine.substring(0, colon);
      text = firstLine.substring(colon + 2);
    }
    String lower = text.toLowerCase();
    SqlState state =
        switch (kind) {
          case "Parser Error" -> SqlState.SYNTAX_ERROR;
          case "Catalog Error" ->
              lower.contains("function") || lower.contains("macro")
                  ? SqlState.UNDEFINED_FUNCTION
                  : lower.contains("table") || lower.contains("view") ? SqlState.UNDEFINED_TABLE : SqlState.UNDEFINED_OBJECT;
          case "Binder Error" -> binderState(lower);
          case "Conversion Error", "Invalid Input Error" -> SqlState.INVALID_TEXT_REPRESENTATION;
          case "Out of Range Error" -> SqlState.NUMERIC_VALUE_OUT_OF_RANGE;
          case "Divide by Zero Error" -> SqlState.DIVISION_BY_ZERO;
          case "INTERRUPT Error", "Interrupt Error" -> SqlState.QUERY_CANCELED;
          case "Out of Memory Error" -> SqlState.OUT_OF_MEMORY;
          case "Not implemented Error" -> SqlState.FEATURE_NOT_SUPPORTED;
          case "Permission Error" -> SqlState.INSUFFICIENT_PRIVILEGE;
          case "IO Error" -> SqlState.IO_ERROR;
          default -> lower.contains("interrupted") ? SqlState.QUERY_CANCELED : SqlState.INTERNAL_ERROR;
        };
    // error('division by zero') is how the rewritten / and % raise (see io.timefusion.query.DuckDb),
    // and error('relation "x" does not exist') how the catalog's functions do (io.timefusion.sql.pgcatalog).
    if (text.equals("division by zero")) state = SqlState.DIVISION_BY_ZERO;
    // a number too large for its decimal (numeric is DuckDB's DECIMAL(38, s)), from a cast or
    // from tf_float_numeric; DuckDB calls the former a conversion error
    if (kind.equals("Conversion Error") && (lower.contains("out of range") || lower.startsWith("could not cast value"))
        || text.startsWith("numeric value out of range")) {
      state = SqlState.NUMERIC_VALUE_OUT_OF_RANGE;
    }
    // errors the macros of PostgreSQL's functions raise (io.timefusion.query.PgFunctionMacros)
    if (kind.equals("Invalid Input Error")) {
      if (PG_DATETIME_INPUT.matcher(text).lookingAt()) state = SqlState.INVALID_DATETIME_FORMAT;
      if (text.equals("timestamps cannot be binned into intervals containing months or years")) state = SqlState.FEATURE_NOT_SUPPORTED;
      if (text.equals("stride must be greater than zero")) state = SqlState.DATETIME_FIELD_OVERFLOW;
      if (text.equals("initial position must not be null")) state = SqlState.NULL_VALUE_NOT_ALLOWED;
      // the JSON functions' errors (io.timefusion.query.PgJsonFunctions)
      if (PgJsonFunctions.INVALID_PARAMETER.matcher(text).matches()) state = SqlState.INVALID_PARAMETER_VALUE;
      if (CATALOG_UNDEFINED_RELATION.matcher(text).matches()) state = SqlState.UNDEFINED_TABLE;
      if (CATALOG_UNDEFINED_FUNCTION.matcher(text).matches()) state = SqlState.UNDEFINED_FUNCTION;
      if (CATALOG_UNDEFINED_OBJECT.matcher(text).matches()) state = SqlState.UNDEFINED_OBJECT;
    }
    if (state == SqlState.QUERY_CANCELED) return new PgException(state, "canceling statement due to user request", e);
    // io.timefusion.query.PgFunctions' Java functions raise with the SQLSTATE in the message
    java.util.regex.Matcher function = FUNCTION_ERROR.matcher(text);
    if (function.matches()) {
      for (SqlState s : SqlState.values()) if (s.code().equals(function.group(1))) return new PgException(s, function.group(2), e);
    }
    DuckDbMessages.Reworded pg = DuckDbMessages.translate(text);
    if (pg != null) return new PgException(pg.state(), pg.message(), null, pg.hint(), e);
    return new PgException(state, text, e);
  }

  private static SqlState binderState(String lower) {
    if (lower.contains("group by") || lower.contains("aggregate")) return SqlState.GROUPING_ERROR;
    if (lower.contains("ambiguous")) return SqlState.AMBIGUOUS_COLUMN;
    // several operators or functions fit the argument types ('1' + '2', date + '1 day')
    if (lower.startsWith("could not choose a best candidate")) return SqlState.AMBIGUOUS_FUNCTION;
    if (lower.contains("column") && (lower.contains("not found") || lower.contains("does not have"))) {
      return SqlState.UNDEFINED_COLUMN;
    }
    if (lower.contains("function") || lower.contains("no function matches")) return SqlState.UNDEFINED_FUNCTION;
    if (lower.contains("table") && lower.contains("does not exist")) return SqlState.UNDEFINED_TABLE;
    if (lower.contains("cannot") && lower.contains("cast")) return SqlState.DATATYPE_MISMATCH;
    return SqlState.SYNTAX_ERROR;
  }
}
