package io.timefusion.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import io.timefusion.query.FileFilter;
import io.timefusion.query.Snapshots;
import io.timefusion.query.TableView;
import io.timefusion.sql.TableReferences.Column;
import io.timefusion.sql.TableReferences.Constant;
import io.timefusion.sql.TableReferences.Expression;
import io.timefusion.sql.TableReferences.ArrayParam;
import io.timefusion.sql.TableReferences.Param;
import io.timefusion.sql.TableReferences.Ref;
import io.timefusion.sql.TableReferences.Term;
import io.timefusion.sql.TableReferences.Value;
import io.timefusion.sql.rewrite.SqlAst;
import io.timefusion.write.Coercion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one query may read of each stored table: the tables it names, the predicates of each
 * reference ({@link TableReferences}), the tenant guard over them, and, once parameter values
 * are known, the {@link FileFilter} per table (the union over its references).
 */
final class Pruning {
  /** Expressions such as now() are evaluated a moment before the query runs: widen by this much. */
  private static final long EXPRESSION_SLACK_MICROS = 60_000_000L;

  private static final Pattern EXPLAIN = Pattern.compile("(?is)^\\s*explain\\s+(analyze\\s+)?");

  private final Set<String> names;
  private final List<Ref> refs;

  private Pruning(Set<String> names, List<Ref> refs) {
    this.names = names;
    this.refs = refs;
  }

  /** Finds the stored tables {@code sql} names and the predicates of each reference to them. */
  static Pruning analyze(Connection duckdb, String sql, Snapshots snapshots) {
    Set<String> names = snapshots.referencedTables(sql);
    Set<String> stored = new HashSet<>(names);
    stored.remove(Snapshots.STATS_VIEW);
    if (stored.isEmpty()) return new Pruning(names, List.of());
    String query = EXPLAIN.matcher(sql).replaceFirst("");
    Optional<ObjectNode> ast = SqlAst.parse(duckdb, query);
    if (ast.isEmpty() || ast.get().path("statements").size() != 1) return new Pruning(names, null);
    Map<String, Map<String, String>> lower = new HashMap<>();
    for (String s : stored) {
      Map<String, String> lookups = new HashMap<>();
      TableView v = snapshots.current(s);
      if (v != null) for (String c : v.schema().lookupColumns()) lookups.put(c.toLowerCase(Locale.ROOT), c);
      lower.put(s.toLowerCase(Locale.ROOT), lookups);
    }
    return new Pruning(names, TableReferences.of(ast.get().path("statements").get(0).path("node"), lower));
  }

  /** Whether the query's table references were found (DuckDB could parse it). */
  boolean understood() {
    return refs != null;
  }

  /** Every name of a table or view the query may read (for binding views). */
  Set<String> names() {
    return names;
  }

  /**
   * Refuses (42501) a query with a reference to a stored table that has no project_id predicate;
   * catalog queries and {@code timefusion_stats} have no such references.
   */
  void requireProjectFilter() {
    Set<String> stored = new HashSet<>(names);
    stored.remove(Snapshots.STATS_VIEW);
    if (stored.isEmpty()) return;
    String unfiltered = null;
    if (refs == null) {
      unfiltered = stored.iterator().next();
    } else {
      for (Ref r : refs) {
        if (!r.filtersProject()) {
          unfiltered = r.table();
          break;
        }
      }
    }
    if (unfiltered != null) {
      throw new PgException(
          SqlState.INSUFFICIENT_PRIVILEGE,
          "every reference to " + unfiltered + " must filter by project_id (for example WHERE project_id = 'my-project'"
              + " or project_id IN (...)); TIMEFUSION_REQUIRE_PROJECT_FILTER=false allows queries across projects");
    }
  }

  /**
   * Filters that keep no data file of the named tables: describing a statement (its parameter and
   * result types) reads no data, so a cold cache fetches nothing before the values are known.
   */
  Map<String, FileFilter> describeOnly() {
    Map<String, FileFilter> out = new HashMap<>();
    for (String n : names) out.put(n, n.equals(Snapshots.STATS_VIEW) ? FileFilter.ALL : FileFilter.NONE);
    return out;
  }

  /**
   * The files each named table may need, given the statement's parameter values ({@code null}
   * before they are known: terms with parameters then prune nothing).
   */
  Map<String, FileFilter> filters(List<Object> params, Connection duckdb) {
    Map<String, FileFilter> out = new HashMap<>();
    for (String n : names) out.put(n, FileFilter.ALL);
    if (refs == null) return out;
    // A name the query only mentions (a catalog query's '^(otel_logs_and_spans)$') reads no file.
    for (String n : names) {
      boolean read = refs.stream().anyMatch(r -> r.table().equals(n.toLowerCase(Locale.ROOT)));
      if (!read && !n.equals(Snapshots.STATS_VIEW)) out.put(n, FileFilter.NONE);
    }
    if (refs.isEmpty()) return out;
    Map<Value, Object> evaluated = evaluateExpressions(duckdb, params);
    Map<String, FileFilter> byTable = new HashMap<>();
    for (Ref r : refs) {
      FileFilter f = FileFilter.ALL;
      for (Term t : r.terms()) f = f.intersect(filterOf(t, params, evaluated));
      byTable.merge(r.table(), f, FileFilter::union);
    }
    for (String n : names) {
      FileFilter f = byTable.get(n.toLowerCase(Locale.ROOT));
      if (f != null) out.put(n, f);
    }
    return out;
  }

  private static FileFilter filterOf(Term t, List<Object> params, Map<Value, Object> evaluated) {
    if (t.column() == Column.LOOKUP) {
      // a lookup prunes only by strings: DuckDB compares a text column with another type otherwise
      Set<String> values = new HashSet<>();
      for (Value v : t.values()) {
        for (Object o : resolveAll(v, params, evaluated)) {
          if (o == null) continue; // = NULL matches nothing
          if (!(o instanceof String text) || (v instanceof Constant c && !c.isString())) return FileFilter.ALL;
          values.add(text);
        }
      }
      // = NULL, IN (NULL) or = ANY of an empty or NULL array matches no row
      return values.isEmpty() ? FileFilter.NONE : FileFilter.lookup(t.name(), values);
    }
    if (t.column() == Column.PROJECT_ID) {
      Set<String> projects = new HashSet<>();
      for (Value v : t.values()) {
        for (Object o : resolveAll(v, params, evaluated)) {
          if (o == UNKNOWN) return FileFilter.ALL;
          if (o != null) projects.add(o.toString()); // = NULL matches nothing
        }
      }
      return new FileFilter(projects, null, null, null, null);
    }
    List<Object> bounds = new ArrayList<>();
    for (Value v : t.values()) {
      Object o = resolve(v, params, evaluated);
      if (o == UNKNOWN || o == null) return FileFilter.ALL;
      bounds.add(o);
    }
    try {
      if (t.column() == Column.TIMESTAMP) {
        long slack = t.values().stream().anyMatch(v -> v instanceof Expression) ? EXPRESSION_SLACK_MICROS : 0;
        long[] b = new long[bounds.size()];
        for (int i = 0; i < b.length; i++) b[i] = Coercion.toMicros(bounds.get(i));
        return switch (t.op()) {
          case EQ -> new FileFilter(null, b[0] - slack, b[0] + slack, null, null);
          case GE, GT -> new FileFilter(null, b[0] - slack, null, null, null);
          case LE, LT -> new FileFilter(null, null, b[0] + slack, null, null);
          case BETWEEN -> new FileFilter(null, b[0] - slack, b[1] + slack, null, null);
          case IN -> FileFilter.ALL;
        };
      }
      LocalDate[] d = new LocalDate[bounds.size()];
      for (int i = 0; i < d.length; i++) d[i] = LocalDate.ofEpochDay(Coercion.toDate(bounds.get(i)));
      boolean expr = t.values().stream().anyMatch(v -> v instanceof Expression);
      if (expr) return FileFilter.ALL; // current_date moves at midnight: not worth the risk
      return switch (t.op()) {
        case EQ -> new FileFilter(null, null, null, d[0], d[0]);
        case GE, GT -> new FileFilter(null, null, null, d[0], null);
        case LE, LT -> new FileFilter(null, null, null, null, d[0]);
        case BETWEEN -> new FileFilter(null, null, null, d[0], d[1]);
        case IN -> FileFilter.ALL;
      };
    } catch (RuntimeException unparsable) {
      return FileFilter.ALL; // DuckDB will say what is wrong with the value, if anything
    }
  }

  private static final Object UNKNOWN = new Object();

  private static Object resolve(Value v, List<Object> params, Map<Value, Object> evaluated) {
    return switch (v) {
      case Constant c -> c.isNull() ? null : c.text();
      case Param p -> bound(p.index(), params);
      case ArrayParam p -> UNKNOWN; // an IN of project_id or a lookup column, the only place it is made
      case Expression e -> evaluated.getOrDefault(e, UNKNOWN);
    };
  }

  /** The values {@code v} stands for: the elements of a bound array (none for a NULL array), else its one value. */
  private static List<Object> resolveAll(Value v, List<Object> params, Map<Value, Object> evaluated) {
    if (!(v instanceof ArrayParam p)) return java.util.Collections.singletonList(resolve(v, params, evaluated));
    Object array = bound(p.index(), params);
    if (array == null) return List.of();
    return array instanceof List<?> list ? new ArrayList<>(list) : List.of(UNKNOWN);
  }

  private static Object bound(int index, List<Object> params) {
    return params == null || index < 1 || index > params.size() ? UNKNOWN : params.get(index - 1);
  }

  /** Evaluates every column-free expression of the predicates in one DuckDB query. */
  private Map<Value, Object> evaluateExpressions(Connection duckdb, List<Object> params) {
    Map<Value, Object> out = new IdentityHashMap<>();
    List<Expression> exprs = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    for (Ref r : refs) {
      for (Term t : r.terms()) {
        for (Value v : t.values()) {
          if (v instanceof Expression e) {
            exprs.add(e);
            columns.add(t.column());
          }
        }
      }
    }
    if (exprs.isEmpty()) return out;
    Optional<ObjectNode> template = SqlAst.parse(duckdb, "SELECT 1");
    if (template.isEmpty()) return out;
    ObjectNode node = (ObjectNode) template.get().path("statements").get(0).path("node");
    ArrayNode list = node.putArray("select_list");
    for (int i = 0; i < exprs.size(); i++) list.add(cast(exprs.get(i).node(), columns.get(i)));
    Optional<String> sql = SqlAst.print(duckdb, template.get());
    if (sql.isEmpty()) return out;
    try (PreparedStatement ps = duckdb.prepareStatement(sql.get());
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        for (int i = 0; i < exprs.size(); i++) {
          String s = rs.getString(i + 1);
          Column c = columns.get(i);
          out.put(exprs.get(i), s == null ? UNKNOWN : c == Column.TIMESTAMP ? s + "+00" : s);
        }
      }
    } catch (SQLException e) {
      // an expression DuckDB cannot evaluate on its own prunes nothing; the query reports the error
    }
    return out;
  }

  /** TRY_CAST(e AS <type of the column>) AS VARCHAR, as a DuckDB AST node. */
  private static JsonNode cast(JsonNode e, Column c) {
    String type = switch (c) {
      case TIMESTAMP -> "TIMESTAMP";
      case DATE -> "DATE";
      case PROJECT_ID, LOOKUP -> "VARCHAR";
    };
    ObjectNode inner = castNode(e, type, true);
    if (c == Column.TIMESTAMP) {
      // TIMESTAMPTZ prints with the session's zone; UTC wall time + "+00" is exact
      inner = castNode(castNode(e, "TIMESTAMP WITH TIME ZONE", true), "TIMESTAMP", true);
    }
    return castNode(inner, "VARCHAR", false);
  }

  private static ObjectNode castNode(JsonNode child, String type, boolean tryCast) {
    ObjectNode n = SqlAst.cast(child.deepCopy(), SqlAst.type(type));
    n.put("try_cast", tryCast);
    return n;
  }
}
