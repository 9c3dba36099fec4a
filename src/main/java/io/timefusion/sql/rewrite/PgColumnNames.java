package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Names unaliased select-list items of the outermost query the way PostgreSQL does
 * ({@code FigureColname}): a function after itself ({@code count}, {@code round}), a cast after its
 * operand or else its type ({@code int4}), {@code case}, {@code coalesce}, and {@code ?column?} for
 * everything else. DuckDB would print the expression text ({@code count_star()}).
 */
final class PgColumnNames {
  private record Name(String name, int strength) {}

  private static final Name UNNAMED = new Name("?column?", 0);

  private final byte[] source;

  private PgColumnNames(String sql) {
    this.source = sql.getBytes(StandardCharsets.UTF_8);
  }

  /** Sets PostgreSQL's name as alias on each unaliased item of the statement's outermost select. */
  static void apply(ObjectNode statement, String sql) {
    JsonNode node = statement.path("node");
    while ("SET_OPERATION_NODE".equals(node.path("type").asText())) node = node.path("left");
    if (!"SELECT_NODE".equals(node.path("type").asText())) return;
    PgColumnNames names = new PgColumnNames(sql);
    for (JsonNode item : node.path("select_list")) {
      if (!(item instanceof ObjectNode o) || !o.path("alias").asText().isEmpty()) continue;
      String cls = o.path("class").asText();
      if (cls.equals("COLUMN_REF") || cls.equals("STAR") || cls.equals("COLUMNS")) continue;
      o.put("alias", names.of(o).name());
    }
  }

  private Name of(JsonNode e) {
    String cls = e.path("class").asText();
    String type = e.path("type").asText();
    switch (cls) {
      case "COLUMN_REF" -> {
        JsonNode parts = e.path("column_names");
        return new Name(parts.get(parts.size() - 1).asText(), 2);
      }
      case "FUNCTION", "WINDOW" -> {
        if (e.path("is_operator").asBoolean(false)) return UNNAMED;
        String written = identifierAt(e.path("query_location"));
        // an operator DuckDB parses as a function: a ~ b, a SIMILAR TO b
        if (written == null && locatedInSource(e.path("query_location")) || "similar".equals(written)) return UNNAMED;
        // AT TIME ZONE is timezone(), TRIM(BOTH|LEADING|TRAILING ...) btrim, ltrim or rtrim
        if ("at".equals(written) && e.path("function_name").asText().equals("timezone")) return new Name("timezone", 2);
        if ("trim".equals(written)) return new Name(e.path("function_name").asText().equals("trim") ? "btrim" : e.path("function_name").asText(), 2);
        return new Name(written != null ? written : e.path("function_name").asText(), 2);
      }
      case "CAST" -> {
        // TRUE and FALSE are a cast of 't' and 'f' to boolean, located at the word
        if (e.path("cast_type").path("id").asText().equals("BOOLEAN") && !locatedInSource(e.path("query_location"))
            && e.path("child").path("class").asText().equals("CONSTANT") && identifierAt(e.path("child").path("query_location")) != null) {
          return UNNAMED;
        }
        Name inner = of(e.path("child"));
        if (inner.strength() > 1) return inner;
        String t = typeName(e.path("cast_type"));
        if ("text".equals(t) && CastText.afterVarchar(e, source) >= 0) t = "varchar";
        return t == null ? inner : new Name(t, 1);
      }
      case "CASE" -> {
        return new Name("case", 2);
      }
      case "OPERATOR" -> {
        if (type.equals("OPERATOR_COALESCE")) return new Name("coalesce", 2);
        if (type.equals("ARRAY_EXTRACT") || type.equals("ARRAY_SLICE")) return of(e.path("children").path(0));
        if (type.equals("ARRAY_CONSTRUCTOR")) return new Name("array", 2);
        return UNNAMED;
      }
      case "SUBQUERY" -> {
        if (e.path("subquery_type").asText().equals("EXISTS")) return new Name("exists", 2);
        // a scalar subquery is named after its column
        JsonNode items = e.path("subquery").path("node").path("select_list");
        if (!e.path("subquery_type").asText().equals("SCALAR") || items.size() != 1) return UNNAMED;
        String alias = items.get(0).path("alias").asText();
        return alias.isEmpty() ? of(items.get(0)) : new Name(alias, 2);
      }
      default -> {
        return UNNAMED;
      }
    }
  }

  private boolean locatedInSource(JsonNode location) {
    return location.canConvertToLong() && location.asLong() >= 0 && location.asLong() < source.length;
  }

  /** The identifier written at a byte offset of the statement, lower-cased unless quoted. */
  private String identifierAt(JsonNode location) {
    if (!location.canConvertToLong()) return null;
    long at = location.asLong();
    if (at < 0 || at >= source.length) return null;
    int i = (int) at;
    if (source[i] == '"') {
      int end = i + 1;
      while (end < source.length && source[end] != '"') end++;
      return end < source.length ? new String(source, i + 1, end - i - 1, StandardCharsets.UTF_8) : null;
    }
    int end = i;
    while (end < source.length && (Character.isLetterOrDigit(source[end]) || source[end] == '_' || source[end] < 0)) end++;
    if (end == i || Character.isDigit(source[i])) return null;
    return new String(source, i, end - i, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }

  private static String typeName(JsonNode castType) {
    return switch (castType.path("id").asText()) {
      case "INTEGER" -> "int4";
      case "BIGINT" -> "int8";
      case "SMALLINT" -> "int2";
      case "DOUBLE" -> "float8";
      case "FLOAT" -> "float4";
      case "DECIMAL" -> "numeric";
      case "VARCHAR" -> "text";
      case "BOOLEAN" -> "bool";
      case "DATE" -> "date";
      case "TIME" -> "time";
      case "TIMESTAMP" -> "timestamp";
      case "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_TZ" -> "timestamptz";
      case "INTERVAL" -> "interval";
      case "JSON" -> "json";
      case "UUID" -> "uuid";
      case "BLOB" -> "bytea";
      case "UINTEGER" -> "oid";
      // an array is named after its elements' type
      case "LIST" -> typeName(castType.path("type_info").path("child_type"));
      // types DuckDB does not know by this name: regclass, name, ...
      case "UNBOUND" -> castType.path("type_info").path("name").asText(null);
      default -> null;
    };
  }
}
