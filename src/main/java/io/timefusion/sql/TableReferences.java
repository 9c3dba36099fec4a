package io.timefusion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every reference to a stored table in a query (DuckDB's JSON AST), with the predicates of its
 * own SELECT's WHERE clause that bound the files it can read: {@code project_id} equality or
 * IN, and {@code timestamp} / {@code date} comparisons and BETWEEN against literals, parameters
 * or expressions without columns. Only top-level AND conjuncts count, and a column only when it
 * surely belongs to the reference (qualified by its name or alias, or the reference is the only
 * item of its FROM clause). A reference found anywhere this walker does not understand gets no
 * predicates: it reads every file, and the tenant guard refuses it.
 */
final class TableReferences {
  /** A value a predicate compares with. */
  sealed interface Value {}

  /** A constant, as DuckDB's parser printed it. */
  record Constant(String text, boolean isNull) implements Value {}

  /** A statement parameter ($n, 1-based). */
  record Param(int index) implements Value {}

  /** An expression without column references (e.g. {@code now() - INTERVAL '1 hour'}), evaluated before the query. */
  record Expression(JsonNode node) implements Value {}

  enum Column {
    PROJECT_ID,
    TIMESTAMP,
    DATE
  }

  enum Op {
    EQ,
    IN,
    GE,
    GT,
    LE,
    LT,
    BETWEEN
  }

  record Term(Column column, Op op, List<Value> values) {}

  /** One reference to a stored table and the terms that constrain it. */
  record Ref(String table, List<Term> terms) {
    boolean filtersProject() {
      return terms.stream().anyMatch(t -> t.column() == Column.PROJECT_ID);
    }
  }

  private final Set<String> tables;
  private final List<Ref> refs = new ArrayList<>();

  private TableReferences(Set<String> tables) {
    this.tables = tables;
  }

  /** The references to {@code tables} (lower-case names) anywhere in {@code statementNode}. */
  static List<Ref> of(JsonNode statementNode, Set<String> tables) {
    TableReferences r = new TableReferences(tables);
    r.visit(statementNode);
    return r.refs;
  }

  private void visit(JsonNode n) {
    if (n == null || n.isNull() || n.isValueNode()) return;
    if (n.isArray()) {
      for (JsonNode c : n) visit(c);
      return;
    }
    String type = n.path("type").asText("");
    if (type.equals("SELECT_NODE")) {
      select(n);
      return;
    }
    if (type.equals("BASE_TABLE")) {
      // a table reference outside a FROM clause this walker understands: no pruning
      String name = storedName(n);
      if (name != null) refs.add(new Ref(name, List.of()));
      return;
    }
    for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) visit(it.next());
  }

  private String storedName(JsonNode baseTable) {
    String schema = baseTable.path("schema_name").asText("").toLowerCase(Locale.ROOT);
    if (!schema.isEmpty() && !schema.equals("main") && !schema.equals("public")) return null;
    String name = baseTable.path("table_name").asText("").toLowerCase(Locale.ROOT);
    return tables.contains(name) ? name : null;
  }

  private record Item(String table, String alias) {}

  private void select(JsonNode select) {
    List<Item> stored = new ArrayList<>();
    int[] others = {0};
    flattenFrom(select.path("from_table"), stored, others);
    boolean unqualifiedIsOurs = stored.size() == 1 && others[0] == 0;
    List<JsonNode> conjuncts = new ArrayList<>();
    flattenAnd(select.path("where_clause"), conjuncts);
    for (Item item : stored) {
      List<Term> terms = new ArrayList<>();
      for (JsonNode c : conjuncts) {
        Term t = term(c, item, unqualifiedIsOurs);
        if (t != null) terms.add(t);
      }
      refs.add(new Ref(item.table(), List.copyOf(terms)));
    }
    // everything else of this SELECT may hold subqueries with references of their own
    for (Iterator<java.util.Map.Entry<String, JsonNode>> it = select.fields(); it.hasNext(); ) {
      var f = it.next();
      if (!f.getKey().equals("from_table")) visit(f.getValue());
    }
  }

  private void flattenFrom(JsonNode from, List<Item> stored, int[] others) {
    if (from == null || from.isNull() || from.isMissingNode()) return;
    String type = from.path("type").asText("");
    switch (type) {
      case "BASE_TABLE" -> {
        String name = storedName(from);
        if (name != null) {
          String alias = from.path("alias").asText("");
          stored.add(new Item(name, alias.isEmpty() ? name : alias.toLowerCase(Locale.ROOT)));
        } else {
          others[0]++;
        }
      }
      case "JOIN" -> {
        flattenFrom(from.path("left"), stored, others);
        flattenFrom(from.path("right"), stored, others);
        visit(from.path("condition"));
      }
      case "EMPTY", "" -> {}
      default -> {
        others[0]++;
        visit(from); // subqueries, table functions: their own SELECTs are walked
      }
    }
  }

  private static void flattenAnd(JsonNode e, List<JsonNode> out) {
    if (e == null || e.isNull() || e.isMissingNode()) return;
    if (e.path("type").asText("").equals("CONJUNCTION_AND")) {
      for (JsonNode c : e.path("children")) flattenAnd(c, out);
    } else {
      out.add(e);
    }
  }

  private Term term(JsonNode e, Item item, boolean unqualifiedIsOurs) {
    String type = e.path("type").asText("");
    switch (type) {
      case "COMPARE_EQUAL", "COMPARE_GREATERTHAN", "COMPARE_GREATERTHANOREQUALTO", "COMPARE_LESSTHAN",
          "COMPARE_LESSTHANOREQUALTO" -> {
        Op op = op(type);
        Column col = column(e.path("left"), item, unqualifiedIsOurs);
        JsonNode other = e.path("right");
        if (col == null) {
          col = column(e.path("right"), item, unqualifiedIsOurs);
          other = e.path("left");
          op = flip(op);
        }
        Value v = value(other);
        if (col == null || v == null) return null;
        if (col == Column.PROJECT_ID && op != Op.EQ) return null;
        return new Term(col, op, List.of(v));
      }
      case "COMPARE_IN" -> {
        JsonNode children = e.path("children");
        if (children.size() < 2) return null;
        Column col = column(children.get(0), item, unqualifiedIsOurs);
        if (col != Column.PROJECT_ID) return null;
        List<Value> values = new ArrayList<>();
        for (int i = 1; i < children.size(); i++) {
          Value v = value(children.get(i));
          if (v == null) return null;
          values.add(v);
        }
        return new Term(col, Op.IN, List.copyOf(values));
      }
      case "CONJUNCTION_OR" -> {
        // project_id = 'a' OR project_id IN ('b', 'c'): the union of the projects
        List<Value> values = new ArrayList<>();
        for (JsonNode c : e.path("children")) {
          Term t = term(c, item, unqualifiedIsOurs);
          if (t == null || t.column() != Column.PROJECT_ID) return null;
          values.addAll(t.values());
        }
        return values.isEmpty() ? null : new Term(Column.PROJECT_ID, Op.IN, List.copyOf(values));
      }
      case "COMPARE_BETWEEN" -> {
        Column col = column(e.path("input"), item, unqualifiedIsOurs);
        Value lo = value(e.path("lower"));
        Value hi = value(e.path("upper"));
        if (col == null || col == Column.PROJECT_ID || lo == null || hi == null) return null;
        return new Term(col, Op.BETWEEN, List.of(lo, hi));
      }
      default -> {
        return null;
      }
    }
  }

  private static Op op(String type) {
    return switch (type) {
      case "COMPARE_EQUAL" -> Op.EQ;
      case "COMPARE_GREATERTHAN" -> Op.GT;
      case "COMPARE_GREATERTHANOREQUALTO" -> Op.GE;
      case "COMPARE_LESSTHAN" -> Op.LT;
      default -> Op.LE;
    };
  }

  private static Op flip(Op op) {
    return switch (op) {
      case GT -> Op.LT;
      case GE -> Op.LE;
      case LT -> Op.GT;
      case LE -> Op.GE;
      default -> op;
    };
  }

  /** The pruning column {@code e} names for this reference, or null. */
  private static Column column(JsonNode e, Item item, boolean unqualifiedIsOurs) {
    if (!e.path("type").asText("").equals("COLUMN_REF")) return null;
    JsonNode names = e.path("column_names");
    String name;
    if (names.size() == 1) {
      if (!unqualifiedIsOurs) return null;
      name = names.get(0).asText();
    } else if (names.size() == 2) {
      if (!names.get(0).asText().toLowerCase(Locale.ROOT).equals(item.alias())) return null;
      name = names.get(1).asText();
    } else {
      return null;
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "project_id" -> Column.PROJECT_ID;
      case "timestamp" -> Column.TIMESTAMP;
      case "date" -> Column.DATE;
      default -> null;
    };
  }

  /** A value without column references or subqueries, or null. */
  private static Value value(JsonNode e) {
    String type = e.path("type").asText("");
    if (type.equals("VALUE_CONSTANT")) {
      JsonNode v = e.path("value");
      return new Constant(v.path("value").asText(), v.path("is_null").asBoolean(false));
    }
    if (type.equals("VALUE_PARAMETER")) {
      try {
        return new Param(Integer.parseInt(e.path("identifier").asText()));
      } catch (NumberFormatException named) {
        return null;
      }
    }
    if (type.equals("OPERATOR_CAST") && !e.path("try_cast").asBoolean(false)) {
      Value inner = value(e.path("child"));
      if (inner instanceof Constant || inner instanceof Param) return inner;
    }
    return columnFree(e) ? new Expression(e) : null;
  }

  private static boolean columnFree(JsonNode e) {
    if (e.isObject()) {
      String cls = e.path("class").asText("");
      String type = e.path("type").asText("");
      if (cls.equals("COLUMN_REF") || cls.equals("SUBQUERY") || cls.equals("PARAMETER") || type.equals("SELECT_NODE")) return false;
      if (cls.equals("FUNCTION") && !e.path("function_name").asText("").matches("now|current_timestamp|get_current_timestamp|current_date|today|-|\\+|date_trunc|to_timestamp|make_timestamp|make_date")) {
        return false;
      }
    }
    for (JsonNode c : e) if (!c.isValueNode() && !columnFree(c)) return false;
    return true;
  }
}
