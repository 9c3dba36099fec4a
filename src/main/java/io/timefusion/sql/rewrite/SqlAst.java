package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * DuckDB's own parser as a tree: {@code json_serialize_sql} turns SQL into a JSON AST and
 * {@code json_deserialize_sql} prints a (rewritten) AST back as SQL. Statements DuckDB cannot
 * serialize (a parse error, an unsupported node) come back empty, so callers run them as written.
 */
public final class SqlAst {
  public static final ObjectMapper JSON = new ObjectMapper();
  /** The location DuckDB gives nodes that have none in the text (a rewrite's own nodes). */
  public static final JsonNode NO_LOCATION = JSON.getNodeFactory().numberNode(new java.math.BigInteger("18446744073709551615"));

  private SqlAst() {}

  /**
   * A new expression node of a rewrite's own: its class and type as DuckDB serializes them, no
   * alias, no location in the text. The caller adds the class's own fields.
   */
  public static ObjectNode expression(String cls, String type) {
    ObjectNode e = JSON.createObjectNode();
    e.put("class", cls);
    e.put("type", type);
    e.put("alias", "");
    e.set("query_location", NO_LOCATION);
    return e;
  }

  /** {@code CAST(child AS type)}; {@code type} as DuckDB serializes a type ({@link #type}). */
  public static ObjectNode cast(JsonNode child, JsonNode type) {
    ObjectNode c = expression("CAST", "OPERATOR_CAST");
    c.set("child", child);
    c.set("cast_type", type);
    c.put("try_cast", false);
    return c;
  }

  /** A call of {@code name} with {@code children} as its arguments, as DuckDB serializes a function call. */
  public static ObjectNode function(String name, JsonNode... children) {
    ObjectNode f = expression("FUNCTION", "FUNCTION");
    f.put("function_name", name);
    f.put("schema", "");
    com.fasterxml.jackson.databind.node.ArrayNode c = f.putArray("children");
    for (JsonNode child : children) c.add(child);
    f.putNull("filter");
    ObjectNode orders = f.putObject("order_bys");
    orders.put("type", "ORDER_MODIFIER");
    orders.putArray("orders");
    f.put("distinct", false);
    f.put("is_operator", false);
    f.put("export_state", false);
    f.put("catalog", "");
    return f;
  }

  /** A non-null constant of the type {@code typeId} ({@code VARCHAR}, {@code BIGINT}, ...). */
  public static ObjectNode constant(String typeId, JsonNode value) {
    ObjectNode c = expression("CONSTANT", "VALUE_CONSTANT");
    ObjectNode v = c.putObject("value");
    v.set("type", type(typeId));
    v.put("is_null", false);
    v.set("value", value);
    return c;
  }

  /** A NULL constant (an INTEGER NULL, as DuckDB's parser types a bare NULL). */
  public static ObjectNode nullConstant() {
    return nullConstant("INTEGER");
  }

  /** A NULL constant of the type {@code typeId} ({@code NULL} for an untyped one, as {@code SELECT NULL} parses). */
  public static ObjectNode nullConstant(String typeId) {
    ObjectNode nul = expression("CONSTANT", "VALUE_CONSTANT");
    ObjectNode v = nul.putObject("value");
    v.set("type", type(typeId));
    v.put("is_null", true);
    return nul;
  }

  /** {@code where AND condition}, or {@code condition} alone when there is no {@code where} (null or missing). */
  public static JsonNode and(JsonNode where, JsonNode condition) {
    if (where == null || where.isNull() || where.isMissingNode()) return condition;
    ObjectNode and = expression("CONJUNCTION", "CONJUNCTION_AND");
    and.set("children", JSON.createArrayNode().add(where).add(condition));
    return and;
  }

  /** A reference to {@code names} (a column, or a table and its column). */
  public static ObjectNode columnRef(String... names) {
    ObjectNode c = expression("COLUMN_REF", "COLUMN_REF");
    com.fasterxml.jackson.databind.node.ArrayNode n = c.putArray("column_names");
    for (String name : names) n.add(name);
    return c;
  }

  /** {@code left, right}: a cross join of two table references ({@code right} may be lateral). */
  public static ObjectNode crossJoin(JsonNode left, ObjectNode right) {
    ObjectNode join = tableRef("JOIN", "");
    join.set("left", left);
    join.set("right", right);
    join.putNull("condition");
    join.put("join_type", "INNER");
    join.put("ref_type", "CROSS");
    join.putArray("using_columns");
    join.put("delim_flipped", false);
    join.putArray("duplicate_eliminated_columns");
    return join;
  }

  /**
   * {@code SELECT items FROM from}, as DuckDB's AST has it; without a FROM clause when {@code from}
   * is null.
   */
  public static ObjectNode select(JsonNode from, JsonNode... items) {
    ObjectNode select = JSON.createObjectNode();
    select.put("type", "SELECT_NODE");
    select.putArray("modifiers");
    select.putObject("cte_map").putArray("map");
    com.fasterxml.jackson.databind.node.ArrayNode list = select.putArray("select_list");
    for (JsonNode item : items) list.add(item);
    if (from == null) {
      select.set("from_table", tableRef("EMPTY", ""));
    } else {
      select.set("from_table", from);
    }
    select.putNull("where_clause");
    select.putArray("group_expressions");
    select.putArray("group_sets");
    select.put("aggregate_handling", "STANDARD_HANDLING");
    select.putNull("having");
    select.putNull("sample");
    select.putNull("qualify");
    return select;
  }

  /**
   * Replaces each object node of the tree, children first, with what {@code replace} returns for
   * it; a replacement takes over the select-list alias of the node it replaces. Returns the
   * replacement of {@code node} itself.
   */
  public static JsonNode replaceBottomUp(JsonNode node, java.util.function.Function<ObjectNode, JsonNode> replace) {
    if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, replaceBottomUp(a.get(i), replace));
      return a;
    }
    if (!(node instanceof ObjectNode o)) return node;
    for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      java.util.Map.Entry<String, JsonNode> field = it.next();
      field.setValue(replaceBottomUp(field.getValue(), replace));
    }
    JsonNode replaced = replace.apply(o);
    if (replaced != o && replaced instanceof ObjectNode r) {
      r.put("alias", o.path("alias").asText());
      o.put("alias", "");
    }
    return replaced;
  }

  /** The fields every table reference of a FROM clause starts with. */
  private static ObjectNode tableRef(String type, String alias) {
    ObjectNode ref = JSON.createObjectNode();
    ref.put("type", type);
    ref.put("alias", alias);
    ref.putNull("sample");
    ref.set("query_location", NO_LOCATION);
    return ref;
  }

  /** {@code function} as a table function in a FROM clause, without an alias. */
  public static ObjectNode tableFunction(ObjectNode function) {
    ObjectNode t = tableRef("TABLE_FUNCTION", "");
    t.set("function", function);
    t.putArray("column_name_alias");
    t.put("with_ordinality", "WITHOUT_ORDINALITY");
    return t;
  }

  /** {@code (select) AS alias(columns)} as a table reference in a FROM clause. */
  public static ObjectNode subquery(ObjectNode select, String alias, java.util.List<String> columns) {
    ObjectNode subquery = tableRef("SUBQUERY", alias);
    ObjectNode statement = subquery.putObject("subquery");
    statement.set("node", select);
    statement.putArray("named_param_map");
    com.fasterxml.jackson.databind.node.ArrayNode names = subquery.putArray("column_name_alias");
    for (String c : columns) names.add(c);
    return subquery;
  }

  /** A type without parameters ({@code INTERVAL}, {@code VARCHAR}, ...) as DuckDB serializes it. */
  public static ObjectNode type(String id) {
    ObjectNode t = JSON.createObjectNode();
    t.put("id", id);
    t.putNull("type_info");
    return t;
  }

  /** The AST of {@code sql}, or empty when DuckDB cannot serialize it. */
  public static Optional<ObjectNode> parse(Connection c, String sql) {
    try (PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      ps.setString(1, sql);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        JsonNode tree = JSON.readTree(rs.getString(1));
        if (!(tree instanceof ObjectNode o) || tree.path("error").asBoolean(true)) return Optional.empty();
        return Optional.of(o);
      }
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether DuckDB parses {@code sql} as a statement other than a query: one it refuses to
   * serialize because it is no SELECT (a WITH clause followed by DELETE, INSERT or UPDATE).
   */
  public static boolean isNotSelect(Connection c, String sql) {
    try (PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      ps.setString(1, sql);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return false;
        JsonNode tree = JSON.readTree(rs.getString(1));
        return tree.path("error").asBoolean(false)
            && tree.path("error_type").asText().equals("not implemented")
            && tree.path("error_message").asText().startsWith("Only SELECT statements");
      }
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /** SQL text for an AST produced by {@link #parse}, or empty when DuckDB cannot print it. */
  public static Optional<String> print(Connection c, ObjectNode ast) {
    try (PreparedStatement ps = c.prepareStatement("SELECT json_deserialize_sql(?::JSON)")) {
      ps.setString(1, JSON.writeValueAsString(ast));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
