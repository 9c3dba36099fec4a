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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.arrow.vector.util.VectorBatchAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows acknowledged but not yet in Delta. Appends go to the current generation of a table; a flush
 * seals the current generations, writes them to Delta and drops them. Every change is published to
 * {@link Snapshots} before it is visible.
 *
 * <p>An append only keeps its Arrow batches ("pending"). They are loaded into DuckDB in bulk: by a
 * background loader once {@link #LOAD_ROWS} rows are pending, and before anything reads the buffer
 * ({@link #loadPending}: a query before it binds its views, a flush after it seals). Each load
 * merges its batches into one and creates a new table from them (a "chunk" of the generation),
 * which is the cheap way into DuckDB. Measured with full OTel rows on 2 cores, loads of 5,000 rows
 * made of 100-row batches: merged and created as a new table (CREATE TABLE AS) 86-112k rows/s;
 * the same merged batch INSERTed into a table that grows to 200,000 rows 19-23k rows/s; unmerged,
 * 10-28k rows/s depending on the engine's thread count. The old design's 1,000-row INSERT into the
 * generation's table cost 20-25 ms on the acknowledgement path.
 * A generation has at most {@link #MAX_CHUNKS} chunks; small loads (a query's) and loads past that
 * go into its newest chunk by INSERT.
 */
public final class MemoryBuffer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MemoryBuffer.class);

  /** Pending rows at which the background loader moves them into DuckDB. */
  static final long LOAD_ROWS = 16_384;
  /** At most this many rows go into DuckDB as one merged batch. */
  private static final int PIECE_ROWS = 16_384;
  /** Loads smaller than this go into the generation's newest chunk instead of a new one. */
  private static final int SMALL_LOAD_ROWS = 4_096;
  static final int MAX_CHUNKS = 64;

  /**
   * A sealed generation: its name ({@link #tablesOf} gives its engine tables) and the WAL position
   * it holds all rows up to.
   */
  public record Generation(String name, long walSeq) {}

  /** Every sealed, unflushed generation per table, and the WAL position of the newest seal. */
  public record Sealed(Map<String, List<Generation>> tables, long walSeq) {}

  /** A batch appended to a generation, not yet loaded into the engine (ownership taken). */
  private record Pending(String table, String generation, VectorSchemaRoot batch) {}

  private final DuckDBConnection loadConn;
  private final DuckDBConnection flushConn;
  // Guarded by this, in append order.
  private final List<Pending> pending = new ArrayList<>();
  private long pendingRows;
  // Held while pending batches are taken and loaded: whoever holds it next sees them in DuckDB.
  private final ReentrantLock loading = new ReentrantLock();
  /** Loads into the engine's buffer tables so far (see {@link #loads()}); counted under {@link #loading}. */
  private final AtomicLong loads = new AtomicLong();
  private final ExecutorService loader =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("timefusion-buffer-loader").factory());
  private final AtomicBoolean loadScheduled = new AtomicBoolean();
  private final BufferAllocator allocator;
  private final Snapshots snapshots;
  private final Map<String, TableSchema> schemas = new HashMap<>();
  private final Map<String, String> current = new HashMap<>();
  /** What a generation not yet dropped holds: its chunk tables, oldest first, and its Arrow bytes. */
  private static final class Held {
    final List<String> chunks = new ArrayList<>();
    long bytes;
  }

  // Guarded by this: every generation not yet dropped.
  private final Map<String, Held> held = new HashMap<>();
  private final Map<String, List<Generation>> sealedUnflushed = new HashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  // Every generation not yet dropped, current or sealed: what the buffer holds in memory.
  private final AtomicLong totalBytes = new AtomicLong();
  private long generation;
  private long lastSeq = -1;

  public MemoryBuffer(DuckDb db, BufferAllocator allocator, Snapshots snapshots, List<TableSchema> tables)
      throws SQLException {
    this.loadConn = db.connect();
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
   * Adds WAL-logged batches of one table, in WAL order, taking over their memory (the caller's
   * vectors are left empty). The rows are visible to queries that start after this returns.
   */
  public void append(String table, List<VectorSchemaRoot> batches, long seq) {
    synchronized (this) {
      addPending(table, batches);
      lastSeq = Math.max(lastSeq, seq);
    }
    scheduleLoad();
  }

  /**
   * Adds the WAL-logged batches of several tables (each list in WAL order) that together hold
   * every frame up to {@code seq}, atomically with respect to {@link #seal}: a seal never records
   * {@code seq} while some of these rows are still outside its generations.
   */
  public void append(Map<String, List<VectorSchemaRoot>> batchesByTable, long seq) {
    synchronized (this) {
      for (Map.Entry<String, List<VectorSchemaRoot>> e : batchesByTable.entrySet()) addPending(e.getKey(), e.getValue());
      lastSeq = Math.max(lastSeq, seq);
    }
    scheduleLoad();
  }

  private void addPending(String table, List<VectorSchemaRoot> batches) {
    if (batches.isEmpty()) return;
    String gen = current.get(table);
    if (gen == null) {
      gen = table + "_g" + (++generation);
      current.put(table, gen);
      held.put(gen, new Held());
    }
    long added = 0;
    for (VectorSchemaRoot b : batches) {
      VectorSchemaRoot owned = takeOver(b);
      pending.add(new Pending(table, gen, owned));
      pendingRows += owned.getRowCount();
      for (var v : owned.getFieldVectors()) added += v.getBufferSize();
    }
    bytes.addAndGet(added);
    totalBytes.addAndGet(added);
    held.get(gen).bytes += added;
  }

  /** The batch's vectors moved into a new root (no copy); the original is left empty. */
  private VectorSchemaRoot takeOver(VectorSchemaRoot batch) {
    List<FieldVector> moved = new ArrayList<>();
    for (FieldVector v : batch.getFieldVectors()) {
      TransferPair t = v.getTransferPair(allocator);
      t.transfer();
      moved.add((FieldVector) t.getTo());
    }
    VectorSchemaRoot out = new VectorSchemaRoot(moved);
    out.setRowCount(batch.getRowCount());
    return out;
  }

  private void scheduleLoad() {
    synchronized (this) {
      if (pendingRows < LOAD_ROWS) return;
    }
    if (!loadScheduled.compareAndSet(false, true)) return;
    loader.execute(
        () -> {
          loadScheduled.set(false);
          try {
            loadPending();
          } catch (SQLException | RuntimeException e) {
            log.warn("cannot load buffered rows into the engine yet (they stay pending): {}", e.toString());
          }
        });
  }

  /**
   * Loads every batch appended so far into its generation's DuckDB table. After it returns, the
   * tables hold every row acknowledged before it was called. On failure the batches not loaded
   * stay pending, in order.
   */
  /**
   * How many times rows went into the engine's buffer tables. A query planned before a load may
   * miss its rows even in a table it reads: DuckDB prunes by a table's statistics when it plans.
   */
  public long loads() {
    return loads.get();
  }

  public void loadPending() throws SQLException {
    loading.lock();
    try {
      List<Pending> taken;
      synchronized (this) {
        if (pending.isEmpty()) return;
        taken = new ArrayList<>(pending);
        pending.clear();
        pendingRows = 0;
      }
      // consecutive batches of one generation, up to PIECE_ROWS rows, go in as one batch
      int i = 0;
      try {
        while (i < taken.size()) {
          Pending first = taken.get(i);
          int j = i;
          long rows = 0;
          while (j < taken.size()
              && taken.get(j).generation().equals(first.generation())
              && (j == i || rows + taken.get(j).batch().getRowCount() <= PIECE_ROWS)) {
            rows += taken.get(j++).batch().getRowCount();
          }
          List<VectorSchemaRoot> piece = taken.subList(i, j).stream().map(Pending::batch).toList();
          if (piece.size() == 1) {
            loadPiece(first.table(), first.generation(), piece.get(0));
          } else {
            try (VectorSchemaRoot merged = merge(piece)) {
              loadPiece(first.table(), first.generation(), merged);
            }
          }
          for (VectorSchemaRoot b : piece) b.close();
          i = j;
        }
      } finally {
        if (i < taken.size()) {
          List<Pending> rest = taken.subList(i, taken.size());
          synchronized (this) {
            pending.addAll(0, rest);
            for (Pending p : rest) pendingRows += p.batch().getRowCount();
          }
        }
      }
    } finally {
      loading.unlock();
    }
  }

  /** One batch holding the rows of several (the engine reads one large batch much faster). */
  private VectorSchemaRoot merge(List<VectorSchemaRoot> batches) {
    VectorSchemaRoot out = VectorSchemaRoot.create(batches.get(0).getSchema(), allocator);
    try {
      int rows = 0;
      for (VectorSchemaRoot b : batches) rows += b.getRowCount();
      for (int c = 0; c < out.getFieldVectors().size(); c++) {
        ValueVector[] parts = new ValueVector[batches.size()];
        for (int i = 0; i < parts.length; i++) parts[i] = batches.get(i).getVector(c);
        FieldVector target = out.getVector(c);
        target.allocateNew();
        VectorBatchAppender.batchAppend(target, parts);
      }
      out.setRowCount(rows);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private void loadPiece(String table, String gen, VectorSchemaRoot batch) throws SQLException {
    TableSchema schema = schemas.get(table);
    String newest;
    int count;
    synchronized (this) {
      List<String> cs = held.get(gen).chunks;
      count = cs.size();
      newest = count == 0 ? null : cs.get(count - 1);
    }
    boolean into = newest != null && (batch.getRowCount() < SMALL_LOAD_ROWS || count >= MAX_CHUNKS);
    String target = into ? newest : gen + "_c" + count;
    loads.incrementAndGet();
    try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
        ArrowBatchReader reader = new ArrowBatchReader(allocator, schema.arrowSchema(), List.of(batch))) {
      Data.exportArrayStream(allocator, reader, stream);
      String name = "tf_incoming";
      loadConn.registerArrowStream(name, stream);
      try (Statement s = loadConn.createStatement()) {
        s.execute(
            into
                ? "INSERT INTO tf_buffer." + Snapshots.quote(target) + " SELECT * FROM " + name
                : "CREATE TABLE tf_buffer." + Snapshots.quote(target) + " AS " + typedSelect(schema, name));
      }
    } catch (java.io.IOException e) {
      throw new SQLException(e);
    }
    if (into) return;
    synchronized (this) {
      held.get(gen).chunks.add(target);
    }
    snapshots.update(table, v -> new TableView(v.schema(), v.delta(), with(v.bufferTables(), target), 0));
  }

  /** The columns of {@code source} with the table's engine types (JSON is text in Arrow). */
  private static String typedSelect(TableSchema schema, String source) {
    StringBuilder sql = new StringBuilder("SELECT ");
    List<ColumnDef> cols = schema.columns();
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) sql.append(", ");
      String col = Snapshots.quote(cols.get(i).name());
      sql.append("CAST(").append(col).append(" AS ").append(cols.get(i).type().duckdbType()).append(") AS ").append(col);
    }
    return sql.append(" FROM ").append(source).toString();
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

  /**
   * The engine tables holding the rows of these generations. Complete for sealed generations once
   * {@link #loadPending} has returned after the seal.
   */
  public synchronized List<String> tablesOf(List<String> generations) {
    List<String> out = new ArrayList<>();
    for (String g : generations) {
      Held h = held.get(g);
      if (h != null) out.addAll(h.chunks);
    }
    return out;
  }

  /** Drops generations whose rows are now in a published Delta version. */
  public void drop(String table, List<String> generations) throws SQLException {
    List<String> tables;
    synchronized (this) {
      tables = tablesOf(generations);
      List<Generation> sealed = sealedUnflushed.get(table);
      if (sealed != null) sealed.removeIf(g -> generations.contains(g.name()));
      for (String g : generations) {
        Held h = held.remove(g);
        if (h != null) totalBytes.addAndGet(-h.bytes);
      }
    }
    snapshots.writeGate().lock();
    try (Statement s = flushConn.createStatement()) {
      for (String t : tables) s.execute("DROP TABLE IF EXISTS tf_buffer." + Snapshots.quote(t));
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
    loader.shutdownNow();
    synchronized (this) {
      for (Pending p : pending) p.batch().close();
      pending.clear();
    }
    loadConn.close();
    flushConn.close();
  }
}
