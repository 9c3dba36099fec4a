package io.timefusion.query;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.TableSchema;
import io.timefusion.delta.DataFile;
import io.timefusion.delta.DeltaSnapshot;
import io.timefusion.storage.ObjectStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
  private final ObjectStore store;
  private final Map<String, TableView> views = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  public Snapshots(ObjectStore store) {
    this.store = store;
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

  /**
   * Points the session's temporary views at the current state of every table, re-creating only
   * the views whose state changed since {@code bound} (table name to view id) was recorded.
   */
  public void bindViews(Connection conn, Map<String, Long> bound) throws SQLException {
    for (TableView v : views.values()) {
      Long have = bound.get(v.schema().name());
      if (have != null && have == v.id()) continue;
      try (Statement s = conn.createStatement()) {
        s.execute("CREATE OR REPLACE TEMP VIEW " + quote(v.schema().name()) + " AS " + viewSql(v));
      }
      bound.put(v.schema().name(), v.id());
    }
  }

  /** The SELECT that a table's name stands for: its Delta files and its buffer, with one column list. */
  public String viewSql(TableView v) {
    TableSchema schema = v.schema();
    String cols = schema.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    StringBuilder sql = new StringBuilder();
    List<DataFile> files = v.delta().files();
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
