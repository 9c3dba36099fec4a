package io.timefusion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.timefusion.sql.rewrite.PgSemantics;
import io.timefusion.sql.rewrite.SqlAst;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every reference to a stored table in a query (DuckDB's JSON AST), with the predicates of its
 * own SELECT's WHERE clause that bound the files it can read: {@code project_id} equality or
 * IN, {@code timestamp} / {@code date} comparisons and BETWEEN against literals, parameters
 * or expressions without columns, and equality or IN of a lookup column (the table's
 * {@code lookup_columns}) with string literals or parameters. ORs of equalities and INs of one
 * column count as one IN, and so do ORs whose every branch AND-s such a predicate with others.
 * Only top-level AND conjuncts count (of the WHERE clause, and of the ON clause of a join on the
 * side whose rows the join drops when they do not match: both sides of an inner join, the right
 * of a LEFT JOIN, the left of a RIGHT JOIN), and a column only when it surely belongs to the
 * reference (qualified by its name or alias, or the reference is the only item of its FROM
 * clause). A reference found anywhere this walker does not understand gets no predicates: it
 * reads every file, and the tenant guard refuses it.
 */
final class TableReferences {
  /** A value a predicate compares with. */
  sealed interface Value {}

  /**
   * A constant, as DuckDB's parser printed it; {@code isString} when it is a VARCHAR literal that a
   * lookup column is compared with as a string ({@link #lookupValue}).
   */
  record Constant(String text, boolean isNull, boolean isString) implements Value {}

  /** A statement parameter ($n, 1-based). */
  record Param(int index) implements Value {}

  /** Each element of the array bound to a statement parameter ($n, 1-based): {@code x = ANY($n)}. */
  record ArrayParam(int index) implements Value {}

  /** An expression without column references (e.g. {@code now() - INTERVAL '1 hour'}), evaluated before the query. */
  record Expression(JsonNode node) implements Value {}

  enum Column {
    PROJECT_ID,
    TIMESTAMP,
    DATE,
    /** One of the table's lookup columns, named by the term. */
    LOOKUP
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

  /** A predicate on one column ({@code name}: the column's name as the schema spells it). */
  record Term(Column column, String name, Op op, List<Value> values) {}

  /** One reference to a stored table and the terms that constrain it. */
  record Ref(String table, List<Term> terms) {
    boolean filtersProject() {
      return terms.stream().anyMatch(t -> t.column() == Column.PROJECT_ID);
    }
  }

  /** Lower-case table name to its lookup columns (by lower-case name, to the schema's spelling). */
  private final Map<String, Map<String, String>> tables;
  private final List<Ref> refs = new ArrayList<>();

  private TableReferences(Map<String, Map<String, String>> tables) {
    this.tables = tables;
  }

  /**
   * The references to {@code tables} (lower-case names, each with its lookup columns by
   * lower-case name) anywhere in {@code statementNode}.
   */
  static List<Ref> of(JsonNode statementNode, Map<String, Map<String, String>> tables) {
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
    return tables.containsKey(name) ? name : null;
  }

  /**
   * A stored table of a FROM clause; {@code joinConjuncts} are the AND-ed conditions of the joins
   * that drop its rows when they do not match.
   */
  private record Item(String table, String alias, List<JsonNode> joinConjuncts) {}

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
      for (JsonNode c : item.joinConjuncts()) {
        Term t = term(c, item, false);
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
          stored.add(new Item(name, alias.isEmpty() ? name : alias.toLowerCase(Locale.ROOT), new ArrayList<>()));
        } else {
          others[0]++;
        }
      }
      case "JOIN" -> {
        int left = stored.size();
        flattenFrom(from.path("left"), stored, others);
        int right = stored.size();
        flattenFrom(from.path("right"), stored, others);
        // ON conditions bound the rows of a side only where a row that fails them is dropped
        List<JsonNode> on = new ArrayList<>();
        if (from.path("ref_type").asText("").equals("REGULAR")) flattenAnd(from.path("condition"), on);
        String joinType = from.path("join_type").asText("");
        boolean leftDropped = joinType.equals("INNER") || joinType.equals("RIGHT") || joinType.equals("SEMI");
        boolean rightDropped = joinType.equals("INNER") || joinType.equals("LEFT") || joinType.equals("SEMI") || joinType.equals("ANTI");
        for (int i = left; i < stored.size(); i++) {
          if (i < right ? leftDropped : rightDropped) stored.get(i).joinConjuncts().addAll(on);
        }
        visit(from.path("condition"));
      }
      case "EMPTY", "" -> {}
      case "SUBQUERY" -> {
        // the rows of a grouped query's set-returning functions shadow no column of the table
        if (!from.path("alias").asText().equals(PgSemantics.SET_ROWS)) others[0]++;
        visit(from);
      }
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
        Side side = side(e.path("left"), item, unqualifiedIsOurs);
        JsonNode other = e.path("right");
        if (side == null) {
          side = side(e.path("right"), item, unqualifiedIsOurs);
          other = e.path("left");
          op = flip(op);
        }
        if (side == null) return null;
        Col col = side.col();
        if ((col.kind() == Column.PROJECT_ID || col.kind() == Column.LOOKUP) && op != Op.EQ) return null;
        Value v = side.value(other);
        if (v == null) return null;
        return new Term(col.kind(), col.name(), op, List.of(v));
      }
      case "COMPARE_IN" -> {
        JsonNode children = e.path("children");
        if (children.size() < 2) return null;
        Col col = column(children.get(0), item, unqualifiedIsOurs);
        if (col == null || (col.kind() != Column.PROJECT_ID && col.kind() != Column.LOOKUP)) return null;
        List<Value> values = new ArrayList<>();
        for (int i = 1; i < children.size(); i++) {
          Value v = col.kind() == Column.LOOKUP ? lookupValue(children.get(i)) : value(children.get(i));
          if (v == null) return null;
          values.add(v);
        }
        return new Term(col.kind(), col.name(), Op.IN, List.copyOf(values));
      }
      case "CONJUNCTION_OR" -> {
        // project_id = 'a' OR (project_id IN ('b', 'c') AND level = 'ERROR'): the union of the
        // projects; likewise for one lookup column. The column is one the first branch bounds by
        // equality (the project first); a branch that does not bound it leaves it unbounded.
        List<List<Term>> branches = new ArrayList<>();
        for (JsonNode c : e.path("children")) {
          List<JsonNode> and = new ArrayList<>();
          flattenAnd(c, and);
          List<Term> equalities = new ArrayList<>();
          for (JsonNode a : and) {
            Term t = term(a, item, unqualifiedIsOurs);
            if (t != null && (t.op() == Op.EQ || t.op() == Op.IN)) equalities.add(t);
          }
          branches.add(equalities);
        }
        if (branches.isEmpty()) return null;
        List<Term> candidates = new ArrayList<>(branches.get(0));
        candidates.sort(java.util.Comparator.comparing(t -> t.column() != Column.PROJECT_ID));
        for (Term candidate : candidates) {
          List<Value> values = new ArrayList<>();
          for (List<Term> branch : branches) {
            Term same = branch.stream()
                .filter(t -> t.column() == candidate.column() && t.name().equals(candidate.name()))
                .findFirst()
                .orElse(null);
            if (same == null) {
              values = null;
              break;
            }
            values.addAll(same.values());
          }
          if (values != null) return new Term(candidate.column(), candidate.name(), Op.IN, List.copyOf(values));
        }
        return null;
      }
      case "SUBQUERY" -> {
        // x = ANY(array), which DuckDB parses as x = ANY(SELECT unnest(array))
        if (!e.path("subquery_type").asText("").equals("ANY") || !e.path("comparison_type").asText("").equals("COMPARE_EQUAL")) {
          return null;
        }
        return anyTerm(e.path("child"), unnestedArray(e.path("subquery").path("node")), item, unqualifiedIsOurs);
      }
      case "FUNCTION" -> {
        // the rewrite's list lookup of x = ANY(ARRAY[...])
        JsonNode args = e.path("children");
        if (!e.path("function_name").asText("").equals("tf_any_eq") || args.size() != 2) return null;
        return anyTerm(args.get(0), args.get(1), item, unqualifiedIsOurs);
      }
      case "COMPARE_BETWEEN" -> {
        Side side = side(e.path("input"), item, unqualifiedIsOurs);
        if (side == null || side.col().kind() == Column.PROJECT_ID || side.col().kind() == Column.LOOKUP) return null;
        Value lo = side.value(e.path("lower"));
        Value hi = side.value(e.path("upper"));
        return lo == null || hi == null ? null : new Term(side.col().kind(), side.col().name(), Op.BETWEEN, List.of(lo, hi));
      }
      default -> {
        return null;
      }
    }
  }

  /** {@code x = ANY(array)} as an IN over project_id or a lookup column, for a parameter or an ARRAY[...] of values. */
  private Term anyTerm(JsonNode x, JsonNode array, Item item, boolean unqualifiedIsOurs) {
    Col col = column(x, item, unqualifiedIsOurs);
    if (col == null || array == null || (col.kind() != Column.PROJECT_ID && col.kind() != Column.LOOKUP)) return null;
    JsonNode a = array;
    while (a.path("type").asText("").equals("OPERATOR_CAST") && !a.path("try_cast").asBoolean(false)) a = a.path("child");
    List<Value> values = new ArrayList<>();
    if (a.path("type").asText("").equals("VALUE_PARAMETER")) {
      try {
        values.add(new ArrayParam(Integer.parseInt(a.path("identifier").asText())));
      } catch (NumberFormatException named) {
        return null;
      }
    } else if (a.path("type").asText("").equals("ARRAY_CONSTRUCTOR") && (a == array || textList(array))) {
      for (JsonNode element : a.path("children")) {
        Value v = col.kind() == Column.LOOKUP ? lookupValue(element) : value(element);
        if (!(v instanceof Constant)) return null;
        values.add(v);
      }
    } else {
      return null;
    }
    return new Term(col.kind(), col.name(), Op.IN, List.copyOf(values));
  }

  /** A cast to a list of plain text ({@code ARRAY[...]::text[]}), which compares its elements as strings still. */
  private static boolean textList(JsonNode cast) {
    JsonNode type = cast.path("cast_type");
    return cast.path("type").asText("").equals("OPERATOR_CAST") && type.path("id").asText("").equals("LIST")
        && plainVarchar(type.path("type_info").path("child_type"));
  }

  /** The {@code a} of {@code SELECT unnest(a)} without FROM, else null. */
  private static JsonNode unnestedArray(JsonNode node) {
    JsonNode items = node.path("select_list");
    if (!node.path("type").asText("").equals("SELECT_NODE") || items.size() != 1) return null;
    if (!node.path("from_table").path("type").asText("").equals("EMPTY") || !node.path("where_clause").isNull()) return null;
    JsonNode unnest = items.get(0);
    if (!unnest.path("function_name").asText("").equals("unnest") || unnest.path("children").size() != 1) return null;
    return unnest.path("children").get(0);
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

  /**
   * The timestamp column whose seconds since the epoch {@code e} is ({@code extract(epoch FROM
   * timestamp)}, which the rewrite makes tf_epoch, {@code epoch(timestamp)} or {@code
   * date_part('epoch', timestamp)}), else null: it is bounded as the timestamp by {@code
   * to_timestamp} of the value, since the epoch grows with the timestamp.
   */
  private Col epochColumn(JsonNode e, Item item, boolean unqualifiedIsOurs) {
    if (!e.path("class").asText("").equals("FUNCTION")) return null;
    JsonNode args = e.path("children");
    JsonNode ts = switch (e.path("function_name").asText("")) {
      case "tf_epoch", "epoch" -> args.size() == 1 ? args.get(0) : null;
      case "date_part" -> args.size() == 2 && args.get(0).path("value").path("value").asText("").equalsIgnoreCase("epoch") ? args.get(1) : null;
      default -> null;
    };
    Col col = ts == null ? null : column(ts, item, unqualifiedIsOurs);
    return col != null && col.kind() == Column.TIMESTAMP ? col : null;
  }

  /**
   * What one side of a comparison bounds: a column, or a timestamp column through its seconds since
   * the epoch ({@link #epochColumn}), whose compared values are then read as timestamps.
   */
  private record Side(Col col, boolean epoch) {
    Value value(JsonNode e) {
      return epoch ? epochValue(e) : col.kind() == Column.LOOKUP ? lookupValue(e) : TableReferences.value(e);
    }
  }

  private Side side(JsonNode e, Item item, boolean unqualifiedIsOurs) {
    Col col = column(e, item, unqualifiedIsOurs);
    if (col != null) return new Side(col, false);
    Col epoch = epochColumn(e, item, unqualifiedIsOurs);
    return epoch == null ? null : new Side(epoch, true);
  }

  /** The timestamp {@code seconds} since the epoch stand for, as a bound: {@code to_timestamp(seconds)}, or null. */
  private static Value epochValue(JsonNode seconds) {
    JsonNode call = SqlAst.function("to_timestamp", SqlAst.cast(seconds.deepCopy(), SqlAst.type("DOUBLE")));
    return columnFree(call) ? new Expression(call) : null;
  }

  /** A column that bounds what a reference reads: its kind and its name as the schema spells it. */
  private record Col(Column kind, String name) {}

  /** The pruning column {@code e} names for this reference, or null. */
  private Col column(JsonNode e, Item item, boolean unqualifiedIsOurs) {
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
    String lower = name.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "project_id" -> new Col(Column.PROJECT_ID, lower);
      case "timestamp" -> new Col(Column.TIMESTAMP, lower);
      case "date" -> new Col(Column.DATE, lower);
      default -> {
        String lookup = tables.getOrDefault(item.table(), Map.of()).get(lower);
        yield lookup == null ? null : new Col(Column.LOOKUP, lookup);
      }
    };
  }

  /**
   * A value a lookup column is compared with as a string, byte by byte, or null: a VARCHAR
   * literal or a parameter (whose bound value must then be a string too), possibly cast to
   * VARCHAR. Anything else (numbers, other casts, expressions) may compare otherwise.
   */
  private static Value lookupValue(JsonNode e) {
    String type = e.path("type").asText("");
    if (type.equals("VALUE_CONSTANT")) {
      JsonNode v = e.path("value");
      boolean isNull = v.path("is_null").asBoolean(false);
      boolean varchar = plainVarchar(v.path("type"));
      return varchar || isNull ? new Constant(v.path("value").asText(), isNull, varchar) : null;
    }
    if (type.equals("VALUE_PARAMETER")) return value(e);
    if (type.equals("OPERATOR_CAST") && !e.path("try_cast").asBoolean(false) && plainVarchar(e.path("cast_type"))) {
      return lookupValue(e.path("child"));
    }
    return null; // COLLATE nodes too: a collation compares otherwise
  }

  /** VARCHAR without type details (such as a collation). */
  private static boolean plainVarchar(JsonNode type) {
    JsonNode info = type.path("type_info");
    return type.path("id").asText("").equals("VARCHAR") && (info.isMissingNode() || info.isNull());
  }

  /** A value without column references or subqueries, or null. */
  private static Value value(JsonNode e) {
    String type = e.path("type").asText("");
    if (type.equals("VALUE_CONSTANT")) {
      JsonNode v = e.path("value");
      return new Constant(v.path("value").asText(), v.path("is_null").asBoolean(false), false);
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
    JsonNode fixed = withoutTypeProbes(e);
    return columnFree(fixed) ? new Expression(fixed) : null;
  }

  /**
   * PostgreSQL's special datetime words ('today', 'now', 'yesterday', ...) are fixed when the
   * statement is rewritten, to {@code tf_datetime_literal(probe, timestamptz text, date text, word)}
   * whose first argument only tells the type wanted (often the compared column itself). With a
   * timestamptz probe the call is the timestamp the word stands for, which a bound needs.
   */
  private static JsonNode withoutTypeProbes(JsonNode e) {
    JsonNode copy = e.deepCopy();
    replaceTypeProbes(copy);
    return copy;
  }

  private static void replaceTypeProbes(JsonNode n) {
    if (n.path("class").asText("").equals("FUNCTION")
        && n.path("function_name").asText("").equals("tf_datetime_literal")
        && n.path("children").size() == 4) {
      ((ArrayNode) n.path("children")).set(0, SqlAst.nullConstant("TIMESTAMP WITH TIME ZONE"));
    }
    for (JsonNode c : n) if (c.isContainerNode()) replaceTypeProbes(c);
  }

  /**
   * Names DuckDB's parser gives as column references and binds as the statement's time when no
   * column has them (the otel tables have none of these columns).
   */
  private static final Set<String> CURRENT_TIME = Set.of("current_timestamp", "current_date", "localtimestamp");

  /** Functions a time bound may be computed with: stable within a statement, no column needed. */
  private static final java.util.regex.Pattern BOUND_FUNCTIONS = java.util.regex.Pattern.compile(
      "now|current_timestamp|get_current_timestamp|current_date|today|-|\\+|date_trunc|tf_date_trunc|to_timestamp"
          + "|make_timestamp|make_timestamptz|make_date|tf_datetime_literal");

  private static boolean columnFree(JsonNode e) {
    if (e.isObject()) {
      String cls = e.path("class").asText("");
      String type = e.path("type").asText("");
      if (cls.equals("COLUMN_REF")) {
        JsonNode names = e.path("column_names");
        return names.size() == 1 && CURRENT_TIME.contains(names.get(0).asText().toLowerCase(Locale.ROOT));
      }
      if (cls.equals("SUBQUERY") || cls.equals("PARAMETER") || type.equals("SELECT_NODE")) return false;
      if (cls.equals("FUNCTION") && !BOUND_FUNCTIONS.matcher(e.path("function_name").asText("")).matches()) return false;
    }
    for (JsonNode c : e) if (!c.isValueNode() && !columnFree(c)) return false;
    return true;
  }
}
