package io.timefusion.write;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.TableSchema;
import io.timefusion.query.DuckDb;
import io.timefusion.query.Snapshots;
import io.timefusion.query.TableView;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.duckdb.DuckDBConnection;

/**
 * Rows acknowledged but not yet in Delta, held in DuckDB tables ("generations"). Appends go to
 * the current generation of a table; a flush seals the current generations, writes them to Delta
 * and drops them. Every change is published to {@link Snapshots} before it is visible.
 */
public final class MemoryBuffer implements AutoCloseable {
  /** A sealed generation: its table name in DuckDB and the WAL position it holds all rows up to. */
  public record Generation(String name, long walSeq) {}

  /** Every sealed, unflushed generation per table, and the WAL position of the newest seal. */
  public record Sealed(Map<String, List<Generation>> tables, long walSeq) {}

  private final DuckDBConnection conn;
  private final DuckDBConnection flushConn;
  private final BufferAllocator allocator;
  private final Snapshots snapshots;
  private final Map<String, TableSchema> schemas = new HashMap<>();
  private final Map<String, String> current = new HashMap<>();
  private final Map<String, List<Generation>> sealedUnflushed = new HashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  // Every generation not yet dropped, current or sealed: what the buffer holds in memory.
  private final AtomicLong totalBytes = new AtomicLong();
  private final Map<String, Long> generationBytes = new HashMap<>();
  private long generation;
  private long lastSeq = -1;

  public MemoryBuffer(DuckDb db, BufferAllocator allocator, Snapshots snapshots, List<TableSchema> tables)
      throws SQLException {
    this.conn = db.connect();
    this.flushConn = db.connect();
    this.allocator = allocator;
    this.snapshots = snapshots;
    for (TableSchema t : tables) schemas.put(t.name(), t);
  }

  /** Approximate bytes buffered since the last seal. */
  public long bytes() {
    return bytes.get();
  }

  /** Approximate bytes of every generation not yet dropped (sealed ones included). */
  public long totalBytes() {
    return totalBytes.get();
  }

  /**
   * Adds WAL-logged batches of one table, in WAL order. The rows are visible to queries that
   * start after this returns.
   */
  public synchronized void append(String table, List<VectorSchemaRoot> batches, long seq)
      throws SQLException {
    insert(table, batches);
    lastSeq = Math.max(lastSeq, seq);
  }

  /**
   * Adds the WAL-logged batches of several tables (each list in WAL order) that together hold
   * every frame up to {@code seq}, atomically with respect to {@link #seal}: a seal never records
   * {@code seq} while some of these rows are still outside its generations.
   */
  public synchronized void append(Map<String, List<VectorSchemaRoot>> batchesByTable, long seq)
      throws SQLException {
    for (Map.Entry<String, List<VectorSchemaRoot>> e : batchesByTable.entrySet()) insert(e.getKey(), e.getValue());
    lastSeq = Math.max(lastSeq, seq);
  }

  private void insert(String table, List<VectorSchemaRoot> batches) throws SQLException {
    TableSchema schema = schemas.get(table);
    String gen = current.get(table);
    if (gen == null) {
      gen = table + "_g" + (++generation);
      createGeneration(schema, gen);
      current.put(table, gen);
      String added = gen;
      snapshots.update(table, v -> new TableView(v.schema(), v.delta(), with(v.bufferTables(), added), 0));
    }
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        ArrowBatchReader reader = new ArrowBatchReader(allocator, schema.arrowSchema(), batches)) {
      Data.exportArrayStream(allocator, reader, stream);
      String name = "tf_incoming";
      conn.registerArrowStream(name, stream);
      try (Statement s = conn.createStatement()) {
        s.execute("INSERT INTO tf_buffer." + Snapshots.quote(gen) + " SELECT * FROM " + name);
      }
    } catch (java.io.IOException e) {
      throw new SQLException(e);
    }
    long added = 0;
    for (VectorSchemaRoot b : batches) {
      for (var v : b.getFieldVectors()) added += v.getBufferSize();
    }
    bytes.addAndGet(added);
    totalBytes.addAndGet(added);
    generationBytes.merge(gen, added, Long::sum);
  }

  private void createGeneration(TableSchema schema, String gen) throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TABLE tf_buffer.").append(Snapshots.quote(gen)).append(" (");
    List<ColumnDef> cols = schema.columns();
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) ddl.append(", ");
      ddl.append(Snapshots.quote(cols.get(i).name())).append(' ').append(cols.get(i).type().duckdbType());
    }
    try (Statement s = conn.createStatement()) {
      s.execute(ddl.append(')').toString());
    }
  }

  /**
   * Closes the current generations to appends and returns every generation not yet flushed,
   * with the WAL position up to which they hold all rows.
   */
  public synchronized Sealed seal() {
    current.forEach(
        (t, g) -> sealedUnflushed.computeIfAbsent(t, k -> new ArrayList<>()).add(new Generation(g, lastSeq)));
    current.clear();
    bytes.set(0);
    Map<String, List<Generation>> copy = new HashMap<>();
    sealedUnflushed.forEach((t, gs) -> copy.put(t, List.copyOf(gs)));
    return new Sealed(copy, lastSeq);
  }

  /** Drops generations whose rows are now in a published Delta version. */
  public void drop(String table, List<String> generations) throws SQLException {
    synchronized (this) {
      List<Generation> pending = sealedUnflushed.get(table);
      if (pending != null) pending.removeIf(g -> generations.contains(g.name()));
      for (String g : generations) {
        Long b = generationBytes.remove(g);
        if (b != null) totalBytes.addAndGet(-b);
      }
    }
    snapshots.writeGate().lock();
    try (Statement s = flushConn.createStatement()) {
      for (String g : generations) s.execute("DROP TABLE IF EXISTS tf_buffer." + Snapshots.quote(g));
    } finally {
      snapshots.writeGate().unlock();
    }
  }

  /** The connection the (single) flusher thread reads sealed generations with. */
  DuckDBConnection flushConnection() {
    return flushConn;
  }

  private static List<String> with(List<String> list, String item) {
    List<String> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  @Override
  public void close() throws SQLException {
    conn.close();
    flushConn.close();
  }
}
