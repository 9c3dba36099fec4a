package io.timefusion.sql;

import io.timefusion.error.SqlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB's wording of the errors PostgreSQL clients meet most (an unknown column, table or
 * function, a number that overflows its type, text that is no value of a type), reworded as
 * PostgreSQL 15 words them, with its SQLSTATE. Only messages whose meaning is certain from their
 * text are reworded; the rest keep DuckDB's text.
 */
final class DuckDbMessages {
  static final String FUNCTION_HINT = "No function matches the given name and argument types. You might need to add explicit type casts.";
  static final String OPERATOR_HINT = "No operator matches the given name and argument types. You might need to add explicit type casts.";

  /** DuckDB's names of the types in its messages, as PostgreSQL's format_type prints them. */
  private static final Map<String, String> TYPE_NAMES = Map.ofEntries(
      Map.entry("INT16", "smallint"), Map.entry("SMALLINT", "smallint"),
      Map.entry("INT32", "integer"), Map.entry("INTEGER", "integer"), Map.entry("INTEGER_LITERAL", "integer"),
      Map.entry("INT64", "bigint"), Map.entry("BIGINT", "bigint"),
      Map.entry("DOUBLE", "double precision"), Map.entry("FLOAT", "real"),
      Map.entry("DECIMAL", "numeric"), Map.entry("HUGEINT", "numeric"),
      Map.entry("BOOL", "boolean"), Map.entry("BOOLEAN", "boolean"),
      Map.entry("VARCHAR", "text"), Map.entry("STRING_LITERAL", "unknown"), Map.entry("NULL", "unknown"),
      Map.entry("DATE", "date"), Map.entry("TIME", "time without time zone"),
      Map.entry("TIMESTAMP", "timestamp without time zone"), Map.entry("TIMESTAMP WITH TIME ZONE", "timestamp with time zone"),
      Map.entry("INTERVAL", "interval"), Map.entry("BLOB", "bytea"), Map.entry("JSON", "json"), Map.entry("UUID", "uuid"),
      // DuckDB reads a uuid through a 128-bit integer and names that in its conversion error
      Map.entry("INT128", "uuid"));

  /** PostgreSQL's SQLSTATE, message and hint (or null) for a DuckDB message. */
  record Reworded(SqlState state, String message, String hint) {}

  private record Rule(Pattern pattern, Function<Matcher, Reworded> answer) {}

  private static final List<Rule> RULES = new ArrayList<>();

  private static void rule(String regex, Function<Matcher, Reworded> answer) {
    RULES.add(new Rule(Pattern.compile(regex), answer));
  }

  static {
    rule("Referenced column \"(.+)\" not found in FROM clause!.*",
        m -> error(SqlState.UNDEFINED_COLUMN, "column \"" + m.group(1) + "\" does not exist"));
    rule("(?:Values list|Table) \"(.+)\" does not have a column named \"(.+)\"",
        m -> error(SqlState.UNDEFINED_COLUMN, "column " + m.group(1) + "." + m.group(2) + " does not exist"));
    rule("Referenced table \"(.+)\" not found!.*",
        m -> error(SqlState.UNDEFINED_TABLE, "missing FROM-clause entry for table \"" + m.group(1) + "\""));
    rule("Table with name \"?(.+?)\"? does not exist(?:!| because).*",
        m -> error(SqlState.UNDEFINED_TABLE, "relation \"" + m.group(1) + "\" does not exist"));
    rule("Type with name \"?(.+?)\"? does not exist!.*",
        m -> error(SqlState.UNDEFINED_OBJECT, "type \"" + m.group(1) + "\" does not exist"));
    rule("Overflow in (?:addition|subtraction|multiplication) of (INT16|INT32|INT64) .*", DuckDbMessages::outOfRange);
    rule("Type \\w+ with value .+ can't be cast because the value is out of range for the destination type (INT16|INT32|INT64)",
        DuckDbMessages::outOfRange);
    rule("Failed to cast decimal value .+ to type (INT16|INT32|INT64)", DuckDbMessages::outOfRange);
    rule("Could not convert string '(.*)' to (INT16|INT32|INT64|INT128|UUID|DOUBLE|FLOAT|BOOL|INTERVAL)(?: when casting .*)?",
        m -> invalidInput(TYPE_NAMES.get(m.group(2)), m.group(1)));
    rule("Could not convert string \"(.*)\" to DECIMAL\\(\\d+,\\d+\\)(?: when casting .*)?", m -> invalidInput("numeric", m.group(1)));
    rule("invalid date field format: \"(.*)\", expected format is .*", m -> invalidInput("date", m.group(1)));
    // A timestamp without time zone gives the same message; TimeFusion's columns are timestamptz.
    rule("invalid timestamp field format: \"(.*)\", expected format is .*", m -> invalidInput("timestamp with time zone", m.group(1)));
    // DuckDB says "time field value out of range" for any time text it cannot read
    rule("time field value out of range: \"(.*)\".*", m -> invalidInput("time", m.group(1)));
    rule("(?:date|timestamp) field value out of range: \"(.*)\".*",
        m -> error(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + m.group(1) + "\""));
    rule("Date out of range: (\\d+)-(\\d+)-(\\d+)", m -> error(SqlState.DATETIME_FIELD_OVERFLOW,
        String.format("date field value out of range: %s-%02d-%02d", m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))));
    rule("(?:ORDER|GROUP) term out of range - should be between 1 and \\d+", m -> error(SqlState.INVALID_COLUMN_REFERENCE, m.group()));
    rule("column \"(.+)\" must appear in the GROUP BY clause or must be part of an aggregate function\\.",
        m -> error(SqlState.GROUPING_ERROR, groupByMessage(m.group(1))));
    rule("WHERE clause cannot contain aggregates!", m -> error(SqlState.GROUPING_ERROR, "aggregate functions are not allowed in WHERE"));
    rule("(?:Scalar|Aggregate|Table) Function with name \"?(.+?)\"? does not exist!.*",
        m -> new Reworded(SqlState.UNDEFINED_FUNCTION, "function " + m.group(1) + " does not exist", FUNCTION_HINT));
    rule("No function matches the given name and argument types '(.+?)\\((.*)\\)'\\..*", m -> undefinedFunction(m.group(1), m.group(2)));
    rule("null values cannot be formatted as an SQL identifier", m -> error(SqlState.NULL_VALUE_NOT_ALLOWED, m.group()));
    rule("cannot take square root of a negative number",
        m -> error(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION, "cannot take square root of a negative number"));
    rule("count must be greater than zero|lower bound cannot equal upper bound",
        m -> error(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION, m.group()));
    rule("thresholds array must not contain NULLs", m -> error(SqlState.NULL_VALUE_NOT_ALLOWED, m.group()));
    rule("cannot take logarithm of (zero|a negative number)",
        m -> error(SqlState.INVALID_ARGUMENT_FOR_LOGARITHM, "cannot take logarithm of " + m.group(1)));
  }

  private DuckDbMessages() {}

  /** PostgreSQL's error for DuckDB's message {@code text} (without its "... Error: " prefix), or null. */
  static Reworded translate(String text) {
    for (Rule r : RULES) {
      Matcher m = r.pattern().matcher(text);
      if (m.matches()) return r.answer().apply(m);
    }
    return null;
  }

  /** PostgreSQL's grouping error for a column ({@code t.id} where the table is known). */
  static String groupByMessage(String column) {
    return "column \"" + column + "\" must appear in the GROUP BY clause or be used in an aggregate function";
  }

  /** PostgreSQL's name for a type as DuckDB names it (a column type, or a type in a message). */
  static String typeName(String duckdb) {
    String t = duckdb.strip().toUpperCase(Locale.ROOT);
    if (t.endsWith("[]")) return typeName(t.substring(0, t.length() - 2)) + "[]";
    int paren = t.indexOf('(');
    String base = paren < 0 ? t : t.substring(0, paren);
    String name = TYPE_NAMES.get(base);
    return name != null ? name : duckdb.strip().toLowerCase(Locale.ROOT);
  }

  /** 42883 for a call whose argument types DuckDB names: {@code function f(integer, unknown)} or {@code operator}. */
  static Reworded undefinedFunction(String name, String duckdbTypes) {
    List<String> types = new ArrayList<>();
    for (String t : splitTypes(duckdbTypes)) types.add(typeName(t));
    boolean operator = !name.isEmpty() && !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_';
    if (operator && types.size() == 2) {
      return new Reworded(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + types.get(0) + " " + name + " " + types.get(1), OPERATOR_HINT);
    }
    if (operator && types.size() == 1) {
      return new Reworded(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + name + " " + types.get(0), OPERATOR_HINT);
    }
    return new Reworded(SqlState.UNDEFINED_FUNCTION, "function " + name + "(" + String.join(", ", types) + ") does not exist", FUNCTION_HINT);
  }

  /** The types of a DuckDB argument list, split at the commas outside parentheses: {@code DECIMAL(10,3), VARCHAR}. */
  private static List<String> splitTypes(String list) {
    List<String> out = new ArrayList<>();
    if (list.isBlank()) return out;
    int depth = 0;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '(' || c == '[') depth++;
      else if (c == ')' || c == ']') depth--;
      else if (c == ',' && depth == 0) {
        out.add(list.substring(start, i));
        start = i + 1;
      }
    }
    out.add(list.substring(start));
    return out;
  }

  private static Reworded outOfRange(Matcher m) {
    return error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, TYPE_NAMES.get(m.group(1)) + " out of range");
  }

  private static Reworded invalidInput(String type, String value) {
    SqlState state = type.equals("date") || type.equals("time") || type.startsWith("timestamp") || type.equals("interval")
        ? SqlState.INVALID_DATETIME_FORMAT
        : SqlState.INVALID_TEXT_REPRESENTATION;
    return error(state, "invalid input syntax for type " + type + ": \"" + value + "\"");
  }

  private static Reworded error(SqlState state, String message) {
    return new Reworded(state, message, null);
  }
}
