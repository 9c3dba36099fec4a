package io.timefusion.query;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.TableSchema;
import io.timefusion.delta.DataFile;
import io.timefusion.delta.DeltaSnapshot;
import io.timefusion.storage.CacheStats;
import io.timefusion.storage.ObjectStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The published read state of every table, and the temporary views that expose it to a session
 * under the table's own name. A query binds its views and starts under the read gate; buffer
 * tables are dropped only under the write gate, so a query never loses rows it was promised.
 */
public final class Snapshots {
  /** Memory for lookup sidecars when none is configured (tests, benchmarks). */
  private static final long DEFAULT_LOOKUP_CACHE_BYTES = 64L << 20;

  private final ObjectStore store;
  private final LookupIndex lookups;
  private final Map<String, TableView> views = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  public Snapshots(ObjectStore store, long lookupCacheBytes) {
    this.store = store;
    this.lookups = new LookupIndex(store, lookupCacheBytes);
  }

  public Snapshots(ObjectStore store) {
    this(store, DEFAULT_LOOKUP_CACHE_BYTES);
  }

  /** The lookup sidecars known to this server. */
  public LookupIndex lookups() {
    return lookups;
  }

  public void register(TableSchema schema, DeltaSnapshot delta) {
    views.put(schema.name(), new TableView(schema, delta, List.of(), ids.incrementAndGet()));
  }

  public TableView current(String table) {
    return views.get(table);
  }

  public Collection<TableView> all() {
    return views.values();
  }

  /** Atomically replaces a table's view with {@code change} applied to the current one. */
  public synchronized TableView update(String table, UnaryOperator<TableView> change) {
    TableView next = change.apply(views.get(table));
    next = new TableView(next.schema(), next.delta(), List.copyOf(next.bufferTables()), ids.incrementAndGet());
    views.put(table, next);
    return next;
  }

  /** Held while a query binds its views and starts, so the rows it sees cannot be dropped meanwhile. */
  public Lock readGate() {
    return gate.readLock();
  }

  /** Held while buffer tables that no published view references any more are dropped. */
  public Lock writeGate() {
    return gate.writeLock();
  }

  /** The view holding cache counters, bound when a query names it. */
  public static final String STATS_VIEW = "timefusion_stats";

  /**
   * Tables whose name occurs in {@code sql} as a word (a superset of what it reads: a name in a
   * string literal counts too, which only costs binding a view it does not need).
   */
  public Set<String> referencedTables(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    Set<String> out = new HashSet<>();
    for (String name : views.keySet()) {
      if (containsWord(lower, name.toLowerCase(Locale.ROOT))) out.add(name);
    }
    if (containsWord(lower, STATS_VIEW)) out.add(STATS_VIEW);
    return out;
  }

  private static boolean containsWord(String text, String word) {
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      boolean before = i == 0 || !isWordChar(text.charAt(i - 1));
      int end = i + word.length();
      boolean after = end == text.length() || !isWordChar(text.charAt(end));
      if (before && after) return true;
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** A view as a session bound it: the published state and the files a query's filter kept. */
  public record Bound(TableView view, FileFilter filter) {}

  /**
   * The data files of a view that a filter keeps: by partition values and statistics, then, when
   * it looks values up, by the files' lookup sidecars. With {@code fetch} the sidecars not in
   * memory are read first; without (under the read gate, where nothing may wait on the store) a
   * file whose sidecar is not in memory is kept.
   */
  private LookupIndex.Selection select(TableView v, FileFilter filter, boolean fetch) {
    if (filter.keepsAll()) return new LookupIndex.Selection(v.delta().files(), 0, 0);
    List<DataFile> kept = new ArrayList<>();
    for (DataFile f : v.delta().files()) if (filter.keeps(f)) kept.add(f);
    return lookups.select(kept, filter.lookups(), fetch);
  }

  /**
   * Fetches the data files that the current views of the named tables keep under their filters
   * into the store's local cache (several at a time) and holds them there until the lease is
   * closed. Called before the read gate is taken, so slow downloads never hold up a flush.
   */
  public ObjectStore.Lease prefetch(Map<String, FileFilter> tables) throws IOException {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, FileFilter> t : tables.entrySet()) {
      TableView v = views.get(t.getKey());
      if (v != null) for (DataFile f : select(v, t.getValue(), true).kept()) keys.add(f.key());
    }
    return keys.isEmpty() ? ObjectStore.Lease.NONE : store.materialize(keys);
  }

  /**
   * Points the session's temporary views of the named tables at their current state, restricted
   * to the files their filters keep, re-creating only those that changed since {@code bound} was
   * recorded, and returns a lease keeping every data file they name readable. Called under the
   * read gate.
   */
  public ObjectStore.Lease bindViews(Connection conn, Map<String, Bound> bound, Map<String, FileFilter> tables)
      throws SQLException, IOException {
    return bindViews(conn, bound, tables, false);
  }

  /**
   * @param typesOnly the statement is only described (its parameter and result types): a view
   *     already bound to the same version of the table serves, whatever files it reads, so the
   *     prepare-then-run of a simple query creates its views once, not twice (the describe-only
   *     view had no files, the run's view then replaced it)
   */
  public ObjectStore.Lease bindViews(Connection conn, Map<String, Bound> bound, Map<String, FileFilter> tables, boolean typesOnly)
      throws SQLException, IOException {
    List<ObjectStore.Lease> leases = new ArrayList<>();
    ObjectStore.Lease all =
        ObjectStore.Lease.once(
            () -> {
              for (ObjectStore.Lease l : leases) l.close();
            });
    try {
      for (Map.Entry<String, FileFilter> t : tables.entrySet()) {
        String name = t.getKey();
        if (name.equals(STATS_VIEW)) {
          try (Statement s = conn.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP VIEW " + STATS_VIEW + " AS " + statsSql());
          }
          continue;
        }
        TableView v = views.get(name);
        if (v == null) continue;
        Bound have = bound.get(name);
        boolean current = have != null && have.view().id() == v.id();
        FileFilter filter = typesOnly && current ? have.filter() : t.getValue();
        List<DataFile> files = select(v, filter, false).kept();
        // readable before DuckDB binds the view: binding reads a file footer
        if (!files.isEmpty()) leases.add(store.materialize(files.stream().map(DataFile::key).toList()));
        if (current && have.filter().equals(filter)) continue;
        try (Statement s = conn.createStatement()) {
          s.execute("CREATE OR REPLACE TEMP VIEW " + quote(name) + " AS " + viewSql(v, files));
        }
        bound.put(name, new Bound(v, filter));
      }
      return all;
    } catch (SQLException | IOException | RuntimeException e) {
      all.close();
      throw e;
    }
  }

  /** One line per table for EXPLAIN: files considered, files the query reads, and why. */
  public List<String> pruningSummary(Map<String, FileFilter> tables) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, FileFilter> t : new java.util.TreeMap<>(tables).entrySet()) {
      TableView v = views.get(t.getKey());
      if (v == null) continue;
      LookupIndex.Selection s = select(v, t.getValue(), false);
      String lookedUp =
          t.getValue().lookups().isEmpty()
              ? ""
              : "; lookup sidecars ruled out " + s.ruledOut() + (s.withoutSidecar() > 0 ? ", " + s.withoutSidecar() + " file(s) without one" : "");
      out.add(
          "TimeFusion scan of " + t.getKey() + ": " + s.kept().size() + " of " + v.delta().files().size()
              + " Delta files (" + t.getValue().describe() + lookedUp + ") + " + v.bufferTables().size()
              + " buffer generation(s)");
    }
    return out;
  }

  /** The cache counters of every tier as rows (none when tables live on local disk). */
  private String statsSql() {
    List<CacheStats> stats = store.cacheStats();
    if (stats.isEmpty()) {
      return "SELECT CAST(NULL AS VARCHAR) AS tier, CAST(NULL AS BIGINT) AS hits, CAST(NULL AS BIGINT) AS misses,"
          + " CAST(NULL AS BIGINT) AS evictions, CAST(NULL AS BIGINT) AS entries, CAST(NULL AS BIGINT) AS bytes,"
          + " CAST(NULL AS BIGINT) AS capacity_bytes WHERE false";
    }
    StringBuilder sql = new StringBuilder("SELECT * FROM (VALUES ");
    for (int i = 0; i < stats.size(); i++) {
      CacheStats c = stats.get(i);
      if (i > 0) sql.append(", ");
      sql.append("(").append(literal(c.tier())).append(", ").append(c.hits()).append("::BIGINT, ")
          .append(c.misses()).append("::BIGINT, ").append(c.evictions()).append("::BIGINT, ")
          .append(c.entries()).append("::BIGINT, ").append(c.bytes()).append("::BIGINT, ")
          .append(c.capacityBytes()).append("::BIGINT)");
    }
    return sql.append(") AS t(tier, hits, misses, evictions, entries, bytes, capacity_bytes)").toString();
  }

  /** The SELECT that a table's name stands for: its Delta files and its buffer, with one column list. */
  public String viewSql(TableView v, List<DataFile> files) {
    TableSchema schema = v.schema();
    String cols = schema.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    StringBuilder sql = new StringBuilder();
    if (!files.isEmpty()) {
      sql.append("SELECT ").append(cols).append(" FROM read_parquet([");
      for (int i = 0; i < files.size(); i++) {
        if (i > 0) sql.append(", ");
        sql.append(literal(store.enginePath(files.get(i).key())));
      }
      sql.append("], hive_partitioning = true, hive_types = {");
      List<String> parts = schema.partitionColumns();
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) sql.append(", ");
        ColumnDef c = schema.column(schema.indexOf(parts.get(i)));
        sql.append(literal(c.name())).append(": ").append(c.type().duckdbType());
      }
      sql.append("})");
    }
    for (String t : v.bufferTables()) {
      if (!sql.isEmpty()) sql.append(" UNION ALL ");
      sql.append("SELECT ").append(cols).append(" FROM tf_buffer.").append(quote(t));
    }
    if (sql.isEmpty()) {
      // An empty table still has its columns and types.
      sql.append("SELECT ");
      List<ColumnDef> cs = schema.columns();
      for (int i = 0; i < cs.size(); i++) {
        if (i > 0) sql.append(", ");
        sql.append("CAST(NULL AS ").append(cs.get(i).type().duckdbType()).append(") AS ").append(quote(cs.get(i).name()));
      }
      sql.append(" WHERE false");
    }
    return sql.toString();
  }

  public static String quote(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }

  public static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
