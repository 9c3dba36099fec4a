package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.sql.pgcatalog.PgCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Points a query's references to PostgreSQL's catalog at TimeFusion's ({@link PgCatalog}):
 *
 * <ul>
 *   <li>the relations of pg_catalog and information_schema, and the catalog and session functions
 *       (also the SQL value keywords such as {@code current_user}, which DuckDB parses as columns);
 *   <li>the system column tableoid of a catalog relation ({@code c.tableoid}), the relation's OID;
 *   <li>{@code ::regclass}, {@code ::regtype}, {@code ::regnamespace}, {@code ::regrole}, whose
 *       values are OIDs printed as names where PostgreSQL prints them (a column of the result, a
 *       cast to text), and {@code ::regproc}, a function name;
 *   <li>PostgreSQL's array literals where DuckDB expects a list: {@code '{a,b}'::text[]}, {@code
 *       ANY('{a,b}')}, and in catalog queries comparisons ({@code polroles = '{0}'}) and COALESCE;
 *   <li>functions in FROM: a set-returning one names its column after the alias ({@code
 *       generate_series(1, 3) AS i}), a scalar one becomes a one-row subquery.
 * </ul>
 */
final class CatalogReferences {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String CATALOG = PgCatalog.DUCKDB_PG_CATALOG;
  /** The to_reg* functions, by the reg* type of their result. */
  private static final Map<String, String> LOOKUPS =
      Map.of("to_regclass", "regclass", "to_regtype", "regtype", "to_regnamespace", "regnamespace", "to_regrole", "regrole");
  private static final Set<String> REG_TYPES = Set.of("regclass", "regtype", "regnamespace", "regrole", "regproc", "regprocedure");
  /** Set-returning functions of one column, which PostgreSQL names after the table alias. */
  private static final Set<String> SCALAR_TABLE_FUNCTIONS = Set.of("generate_series", "unnest", "range", "generate_subscripts");
  /** Scalar functions clients call in FROM, which DuckDB only accepts in expressions. */
  private static final Set<String> SCALAR_FUNCTIONS_IN_FROM = Set.of("string_to_array", "regexp_split_to_array", "string_split");

  private final Set<String> cteNames = new HashSet<>();
  /** Nodes standing for a reg* value (an OID, or a function name), by the type they were cast to. */
  private final Map<JsonNode, String> regValues = new IdentityHashMap<>();
  /** References to the system column tableoid of a catalog relation, by that relation's OID. */
  private final Map<JsonNode, Integer> tableOids = new IdentityHashMap<>();
  /** Calls of catalog functions by the name PostgreSQL gives their result column. */
  private final Map<JsonNode, String> columnNames = new IdentityHashMap<>();
  private final byte[] source;
  private boolean catalogQuery;

  private CatalogReferences(String sql) {
    this.source = sql.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Rewrites the statement in place; {@code sql} is the text DuckDB parsed it from. */
  static void apply(ObjectNode statement, String sql) {
    CatalogReferences r = new CatalogReferences(sql);
    r.collectCtes(statement);
    JsonNode node = statement.path("node");
    r.catalogQuery = r.referencesCatalog(node);
    if (r.catalogQuery) r.findTableOids(node, new ArrayList<>());
    r.visit(node);
    r.namesInOutermostSelect(node);
  }

  private void collectCtes(JsonNode n) {
    if (n == null || n.isValueNode()) return;
    if (n.isObject() && n.has("cte_map")) {
      for (JsonNode entry : n.path("cte_map").path("map")) cteNames.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
    }
    for (JsonNode c : n) collectCtes(c);
  }

  private boolean referencesCatalog(JsonNode n) {
    if (n == null || n.isValueNode()) return false;
    if (n.isObject() && n.path("type").asText().equals("BASE_TABLE") && relationOf(n) != null) return true;
    for (JsonNode c : n) if (referencesCatalog(c)) return true;
    return false;
  }

  /**
   * Finds the references to a catalog relation's system column tableoid, which psql joins
   * pg_description on ({@code d.classoid = c.tableoid}). Each SELECT has a scope: the names its
   * FROM clause gives its relations, by OID (null for one that is not a catalog relation).
   */
  private void findTableOids(JsonNode n, List<Map<String, Integer>> scopes) {
    if (n == null || n.isValueNode()) return;
    boolean select = n.path("type").asText().equals("SELECT_NODE");
    if (select) {
      Map<String, Integer> scope = new HashMap<>();
      fromAliases(n.path("from_table"), scope);
      scopes.add(scope);
    }
    if (n.path("class").asText().equals("COLUMN_REF")) {
      Integer oid = tableOidOf(n.path("column_names"), scopes);
      if (oid != null) tableOids.put(n, oid);
    }
    for (JsonNode c : n) findTableOids(c, scopes);
    if (select) scopes.remove(scopes.size() - 1);
  }

  /**
   * The OID a column reference stands for when it is tableoid of a catalog relation, else null: a
   * qualified one names the relation in its SELECT or the SELECTs around it, as PostgreSQL
   * resolves it; an unqualified one is the relation's when its FROM clause has only that one.
   */
  private static Integer tableOidOf(JsonNode names, List<Map<String, Integer>> scopes) {
    if (names.isEmpty() || names.size() > 2 || !names.get(names.size() - 1).asText().equalsIgnoreCase("tableoid")) return null;
    if (names.size() == 1) {
      Map<String, Integer> scope = scopes.isEmpty() ? Map.of() : scopes.getLast();
      return scope.size() == 1 ? scope.values().iterator().next() : null;
    }
    String alias = names.get(0).asText().toLowerCase(Locale.ROOT);
    for (int i = scopes.size() - 1; i >= 0; i--) {
      if (scopes.get(i).containsKey(alias)) return scopes.get(i).get(alias);
    }
    return null;
  }

  /**
   * The names the table references of a FROM clause go by, each with its OID when it is a catalog
   * relation, else null.
   */
  private void fromAliases(JsonNode from, Map<String, Integer> scope) {
    switch (from.path("type").asText()) {
      case "JOIN" -> {
        fromAliases(from.path("left"), scope);
        fromAliases(from.path("right"), scope);
      }
      case "BASE_TABLE" -> {
        String alias = from.path("alias").asText();
        String name = from.path("table_name").asText();
        Integer oid = isCatalogReference(from) ? PgCatalog.relationOid(from.path("schema_name").asText(), name) : null;
        scope.put((alias.isEmpty() ? name : alias).toLowerCase(Locale.ROOT), oid);
      }
      default -> {
        String alias = from.path("alias").asText();
        if (!alias.isEmpty()) scope.put(alias.toLowerCase(Locale.ROOT), null);
      }
    }
  }

  /** Rewrites the children of {@code n}, then {@code n}; returns its replacement. */
  private JsonNode visit(JsonNode n) {
    return SqlAst.replaceBottomUp(n, this::replace);
  }

  private JsonNode replace(ObjectNode o) {
    String type = o.path("type").asText();
    switch (type) {
      case "BASE_TABLE" -> table(o);
      case "TABLE_FUNCTION" -> {
        return tableFunction(o);
      }
      case "SELECT_NODE" -> nameColumns(o);
      default -> {}
    }
    return switch (o.path("class").asText()) {
      case "FUNCTION" -> function(o);
      case "COLUMN_REF" -> tableOids.containsKey(o) ? tableOid(o) : valueKeyword(o);
      case "CAST" -> cast(o);
      case "COLLATE" -> collate(o);
      case "COMPARISON" -> comparison(o);
      case "OPERATOR" -> coalesce(o);
      default -> o;
    };
  }

  /**
   * A catalog function call in any select list is named as PostgreSQL names it ({@code
   * current_database}), which a query over the subquery may select by name.
   */
  private void nameColumns(ObjectNode select) {
    for (JsonNode item : select.path("select_list")) {
      String name = columnNames.get(item);
      if (name != null && item.path("alias").asText().isEmpty()) ((ObjectNode) item).put("alias", name);
    }
  }

  private String relationOf(JsonNode baseTable) {
    if (!isCatalogReference(baseTable)) return null;
    return PgCatalog.duckdbRelation(baseTable.path("schema_name").asText(), baseTable.path("table_name").asText());
  }

  /** Whether a table reference may name a catalog relation: no database, and not a CTE of the same name. */
  private boolean isCatalogReference(JsonNode baseTable) {
    if (!baseTable.path("catalog_name").asText().isEmpty()) return false;
    String name = baseTable.path("table_name").asText().toLowerCase(Locale.ROOT);
    return !baseTable.path("schema_name").asText().isEmpty() || !cteNames.contains(name);
  }

  private void table(ObjectNode t) {
    String relation = relationOf(t);
    if (relation != null) {
      t.put("schema_name", relation.substring(0, relation.indexOf('.')));
      return;
    }
    String schema = t.path("schema_name").asText().toLowerCase(Locale.ROOT);
    if (schema.equals("information_schema") || schema.equals("pg_catalog")) {
      throw new PgException(
          SqlState.UNDEFINED_TABLE, "relation \"" + schema + "." + t.path("table_name").asText() + "\" does not exist");
    }
  }

  /**
   * A function in FROM: a set-returning function of one column is named after its alias, as in
   * PostgreSQL ({@code generate_series(1, 3) AS i} has a column i); a scalar function, which
   * PostgreSQL also accepts there as one row, becomes a one-row subquery.
   */
  private static JsonNode tableFunction(ObjectNode t) {
    JsonNode function = t.path("function");
    String fn = function.path("function_name").asText().toLowerCase(Locale.ROOT);
    String alias = t.path("alias").asText();
    boolean unnamed = t.path("column_name_alias").isEmpty();
    if (!alias.isEmpty() && unnamed && SCALAR_TABLE_FUNCTIONS.contains(fn)) {
      t.putArray("column_name_alias").add(alias);
    }
    boolean catalogScalar = function.path("schema").asText().equals(CATALOG) && !PgCatalog.isTableFunction(fn);
    if (!catalogScalar && !SCALAR_FUNCTIONS_IN_FROM.contains(fn)) return t;
    String name = alias.isEmpty() ? fn : alias;
    ObjectNode item = function.deepCopy();
    item.put("alias", unnamed ? name : t.path("column_name_alias").get(0).asText());
    return SqlAst.subquery(SqlAst.select(null, item), name, List.of(item.path("alias").asText()));
  }

  private JsonNode function(ObjectNode f) {
    String name = f.path("function_name").asText();
    String schema = f.path("schema").asText().toLowerCase(Locale.ROOT);
    boolean ours = schema.isEmpty() || schema.equals("pg_catalog") || schema.equals("information_schema");
    if (ours && f.path("catalog").asText().isEmpty() && PgCatalog.isFunction(name)) {
      f.put("schema", CATALOG);
      f.put("function_name", name.toLowerCase(Locale.ROOT));
      columnNames.put(f, name.toLowerCase(Locale.ROOT));
      String kind = LOOKUPS.get(name.toLowerCase(Locale.ROOT));
      if (kind != null) regValues.put(f, kind);
      return f;
    }
    // ANY('{a,b}') / ALL('{a,b}'): PostgreSQL reads the literal as an array
    if (name.equals("unnest") && f.path("children").size() == 1) {
      JsonNode array = arrayLiteral(f.path("children").get(0));
      if (array != null) ((ArrayNode) f.path("children")).set(0, array);
    }
    return f;
  }

  /** A reference to tableoid: the OID of its relation, a column named tableoid. */
  private JsonNode tableOid(ObjectNode columnRef) {
    JsonNode oid = castTo(SqlAst.constant("INTEGER", F.numberNode(tableOids.get(columnRef))), "UINTEGER");
    columnNames.put(oid, "tableoid");
    return oid;
  }

  /**
   * {@code current_user}, {@code current_schema}...: keywords DuckDB parses as column names (a
   * quoted {@code "user"} is a column).
   */
  private JsonNode valueKeyword(ObjectNode c) {
    JsonNode names = c.path("column_names");
    if (names.size() != 1) return c;
    JsonNode at = c.path("query_location");
    if (at.canConvertToLong() && at.asLong() >= 0 && at.asLong() < source.length && source[(int) at.asLong()] == '"') return c;
    String macro = PgCatalog.valueFunction(names.get(0).asText());
    if (macro == null) return c;
    ObjectNode f = SqlAst.function(macro);
    f.put("schema", CATALOG);
    columnNames.put(f, names.get(0).asText().toLowerCase(Locale.ROOT));
    return f;
  }

  private JsonNode cast(ObjectNode c) {
    JsonNode type = c.path("cast_type");
    String id = type.path("id").asText();
    JsonNode child = c.path("child");
    if (id.equals("VARCHAR") && regValues.containsKey(child)) {
      return asName(child);
    }
    if (id.equals("UINTEGER") && "regproc".equals(regValues.get(child))) {
      regValues.remove(child);
      ObjectNode f = SqlAst.function("tf_regproc_oid", child);
      f.put("schema", CATALOG);
      return f;
    }
    if (id.equals("LIST")) {
      // '{a,b}'::text[] is PostgreSQL's array literal; DuckDB casts only its own '[a, b]'.
      // Elements of a bytea array are cast one by one, so that they are read as PostgreSQL's bytea.
      boolean bytea = type.path("type_info").path("child_type").path("id").asText().equals("BLOB");
      JsonNode array = arrayLiteral(child, bytea ? "BLOB" : "VARCHAR");
      if (array != null) c.set("child", array);
      return c;
    }
    if (!id.equals("UNBOUND")) return c;
    String name = type.path("type_info").path("name").asText().toLowerCase(Locale.ROOT);
    if (REG_TYPES.contains(name)) {
      String kind = name.equals("regprocedure") ? "regproc" : name;
      JsonNode value;
      if (isText(child)) {
        ObjectNode f = SqlAst.function("tf_" + kind, child);
        f.put("schema", CATALOG);
        value = f;
      } else {
        value = castTo(child, kind.equals("regproc") ? "VARCHAR" : "UINTEGER");
      }
      regValues.put(value, kind);
      return value;
    }
    String duckdb =
        switch (name) {
          case "name", "aclitem", "pg_node_tree", "regconfig", "cstring" -> "VARCHAR";
          // no operators to name: PostgreSQL prints the OID of an unknown one
          case "xid", "cid", "xid8", "regoper", "regoperator" -> "UINTEGER";
          case "int2vector" -> "SMALLINT[]";
          case "oidvector" -> "UINTEGER[]";
          default -> null;
        };
    if (duckdb == null) return c;
    c.set("cast_type", typeNode(duckdb));
    return c;
  }

  /** A string literal or a parameter: what PostgreSQL reads as a name. */
  private static boolean isText(JsonNode e) {
    String cls = e.path("class").asText();
    if (cls.equals("PARAMETER")) return true;
    if (cls.equals("CONSTANT")) return e.path("value").path("type").path("id").asText().equals("VARCHAR");
    return cls.equals("CAST") && e.path("cast_type").path("id").asText().equals("VARCHAR");
  }

  /** The reg* value {@code value} as the text PostgreSQL prints for it. */
  private JsonNode asName(JsonNode value) {
    String kind = regValues.remove(value);
    if (kind.equals("regproc")) return value;
    ObjectNode f = SqlAst.function("tf_" + kind + "_name", value);
    f.put("schema", CATALOG);
    return f;
  }

  /** PostgreSQL prints a reg* column of a result as names. */
  private void namesInOutermostSelect(JsonNode node) {
    while (node.path("type").asText().equals("SET_OPERATION_NODE")) {
      namesInOutermostSelect(node.path("right"));
      node = node.path("left");
    }
    if (!node.path("type").asText().equals("SELECT_NODE")) return;
    ArrayNode items = (ArrayNode) node.path("select_list");
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (regValues.containsKey(item)) {
        ObjectNode named = (ObjectNode) asName(item);
        if (named != item) {
          named.put("alias", item.path("alias").asText());
          ((ObjectNode) item).put("alias", "");
        }
        items.set(i, named);
      }
    }
  }

  private static JsonNode collate(ObjectNode c) {
    String collation = c.path("collation").asText().toLowerCase(Locale.ROOT);
    return Set.of("default", "c", "posix", "pg_catalog.default").contains(collation) ? c.path("child") : c;
  }

  /** In a catalog query, {@code column = '{0}'} compares with an array, as PostgreSQL reads it. */
  private JsonNode comparison(ObjectNode c) {
    if (!catalogQuery) return c;
    for (String side : List.of("left", "right")) {
      String other = side.equals("left") ? "right" : "left";
      if (c.path(other).path("class").asText().equals("CONSTANT")) continue;
      JsonNode array = arrayLiteral(c.path(side));
      if (array != null) c.set(side, array);
    }
    return c;
  }

  /** In a catalog query, {@code coalesce(fields, '{}')} falls back to an array. */
  private JsonNode coalesce(ObjectNode o) {
    if (!catalogQuery || !o.path("type").asText().equals("OPERATOR_COALESCE")) return o;
    ArrayNode children = (ArrayNode) o.path("children");
    for (int i = 1; i < children.size(); i++) {
      JsonNode array = arrayLiteral(children.get(i));
      if (array != null) children.set(i, array);
    }
    return o;
  }

  /** A list of a PostgreSQL array literal such as {@code '{a,"b c",NULL}'}, or null if {@code e} is none. */
  static JsonNode arrayLiteral(JsonNode e) {
    return arrayLiteral(e, "VARCHAR");
  }

  /** The list of an array literal whose elements are strings cast to {@code elementType}. */
  private static JsonNode arrayLiteral(JsonNode e, String elementType) {
    if (!e.path("class").asText().equals("CONSTANT") || !e.path("value").path("type").path("id").asText().equals("VARCHAR")) {
      return null;
    }
    String text = e.path("value").path("value").asText().trim();
    if (text.length() < 2 || text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}') return null;
    List<String> elements = arrayElements(text.substring(1, text.length() - 1));
    if (elements == null) return null;
    List<JsonNode> values = new ArrayList<>();
    for (String v : elements) {
      JsonNode value = v == null ? SqlAst.nullConstant("VARCHAR") : PgExpressions.text(v);
      values.add(v == null || !elementType.equals("VARCHAR") ? castTo(value, elementType) : value);
    }
    return castTo(SqlAst.function("list_value", values.toArray(JsonNode[]::new)), elementType + "[]");
  }


  /** The elements of a one-dimensional array literal's body, NULL as null; null when it is not one. */
  private static List<String> arrayElements(String body) {
    List<String> out = new ArrayList<>();
    if (body.isBlank()) return out;
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < body.length(); i++) {
      char ch = body.charAt(i);
      if (quoted) {
        if (ch == '\\' && i + 1 < body.length()) cur.append(body.charAt(++i));
        else if (ch == '"') quoted = false;
        else cur.append(ch);
      } else if (ch == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (ch == '{' || ch == '}') {
        return null;
      } else if (ch == ',') {
        out.add(element(cur, wasQuoted));
        cur.setLength(0);
        wasQuoted = false;
      } else if (ch == '\\' && i + 1 < body.length()) {
        cur.append(body.charAt(++i));
      } else {
        cur.append(ch);
      }
    }
    out.add(element(cur, wasQuoted));
    return out;
  }

  private static String element(StringBuilder cur, boolean quoted) {
    String v = quoted ? cur.toString() : cur.toString().trim();
    return !quoted && v.equalsIgnoreCase("NULL") ? null : v;
  }

  /** CAST(child AS type). */
  private static ObjectNode castTo(JsonNode child, String duckdbType) {
    return SqlAst.cast(child, typeNode(duckdbType));
  }

  private static ObjectNode typeNode(String duckdbType) {
    ObjectNode t = F.objectNode();
    if (duckdbType.endsWith("[]")) {
      t.put("id", "LIST");
      ObjectNode info = t.putObject("type_info");
      info.put("type", "LIST_TYPE_INFO");
      info.put("alias", "");
      info.putNull("extension_info");
      info.set("child_type", typeNode(duckdbType.substring(0, duckdbType.length() - 2)));
    } else {
      t.put("id", duckdbType);
      t.putNull("type_info");
    }
    return t;
  }
}
