package io.timefusion.delta;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.timefusion.catalog.TableSchema;
import io.timefusion.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Delta table in the object store, read and written through Delta Kernel. It creates the
 * table on first use, lists the live files of a version, and commits appends whose idempotency
 * id (the Delta {@code txn} action) is the write-ahead log position they cover.
 */
public final class DeltaTable {
  /**
   * The Delta {@code txn} application id under which flushes of the write-ahead log with this
   * identity record their WAL position. Each server (each WAL) has its own, so servers writing
   * one table never take another's position for their own.
   */
  public static String walAppId(String walIdentity) {
    return walIdentity.isEmpty() ? "timefusion-wal" : "timefusion-wal-" + walIdentity;
  }

  private static final Logger log = LoggerFactory.getLogger(DeltaTable.class);
  private static final String ENGINE_INFO = "TimeFusion";

  private final ObjectStore store;
  private final TableSchema schema;
  private final String tableKey;
  private final Engine engine;
  private final Table table;
  private final String walAppId;

  private DeltaTable(ObjectStore store, TableSchema schema, String tableKey, String walAppId) {
    this.walAppId = walAppId;
    this.store = store;
    this.schema = schema;
    this.tableKey = tableKey;
    this.engine = DefaultEngine.create(new StoreFileIO(store));
    this.table = Table.forPath(engine, store.uri(tableKey));
  }

  /**
   * Opens the table at {@code tableKey}, creating it with {@code schema} if it does not exist.
   * {@code walAppId} ({@link #walAppId}) names the write-ahead log whose positions commits record.
   */
  public static DeltaTable openOrCreate(ObjectStore store, TableSchema schema, String tableKey, String walAppId) {
    DeltaTable t = new DeltaTable(store, schema, tableKey, walAppId);
    try {
      Snapshot s = t.table.getLatestSnapshot(t.engine);
      log.info("opened table {} at version {}", schema.name(), s.getVersion());
    } catch (TableNotFoundException e) {
      t.create();
    }
    return t;
  }

  private void create() {
    Transaction txn =
        table
            .createTransactionBuilder(engine, ENGINE_INFO, Operation.CREATE_TABLE)
            .withSchema(engine, schema.deltaSchema())
            .withPartitionColumns(engine, schema.partitionColumns())
            .build(engine);
    try {
      txn.commit(engine, CloseableIterable.emptyIterable());
      log.info("created table {} at {}", schema.name(), store.uri(tableKey));
    } catch (io.delta.kernel.exceptions.ConcurrentWriteException e) {
      log.info("table {} was created concurrently", schema.name());
    }
  }

  public TableSchema schema() {
    return schema;
  }

  /** Key of the table root in the store. */
  public String tableKey() {
    return tableKey;
  }

  /** Reads the latest version: its live files and the WAL position it covers. */
  public DeltaSnapshot latest() {
    SnapshotImpl snap = (SnapshotImpl) table.getLatestSnapshot(engine);
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> it =
        ((io.delta.kernel.internal.ScanImpl) snap.getScanBuilder().build()).getScanFiles(engine, true)) {
      while (it.hasNext()) {
        FilteredColumnarBatch batch = it.next();
        try (CloseableIterator<Row> rows = batch.getRows()) {
          while (rows.hasNext()) {
            Row r = rows.next();
            FileStatus fs = InternalScanFileUtils.getAddFileStatus(r);
            Row add = r.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
            int statsOrdinal = InternalScanFileUtils.ADD_FILE_STATS_ORDINAL;
            long[] range = timestampRange(add.isNullAt(statsOrdinal) ? null : add.getString(statsOrdinal));
            String key = store.keyOf(fs.getPath());
            String prefix = tableKey.isEmpty() ? "" : tableKey + "/";
            files.add(
                new DataFile(
                    key,
                    Map.copyOf(InternalScanFileUtils.getPartitionValues(r)),
                    fs.getSize(),
                    range == null ? null : range[0],
                    range == null ? null : range[1],
                    key.startsWith(prefix) ? LookupSidecar.keyOf(tableKey, key.substring(prefix.length())) : null));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long walSeq = snap.getLatestTransactionVersion(engine, walAppId).orElse(-1L);
    return new DeltaSnapshot(snap.getVersion(), List.copyOf(files), walSeq);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper STATS_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * The time column's [min, max] in microseconds from a file's statistics JSON, or null. Delta
   * writes timestamp statistics truncated to milliseconds, so the max is widened by 999 µs.
   */
  static long[] timestampRange(String stats) {
    if (stats == null || stats.isEmpty()) return null;
    try {
      var tree = STATS_JSON.readTree(stats);
      var min = tree.path("minValues").path(DataFile.TIME_COLUMN);
      var max = tree.path("maxValues").path(DataFile.TIME_COLUMN);
      if (!min.isTextual() || !max.isTextual()) return null;
      return new long[] {micros(min.asText()), micros(max.asText()) + 999};
    } catch (java.io.IOException | RuntimeException e) {
      return null; // no usable statistics: the file is never pruned by time
    }
  }

  private static long micros(String iso) {
    java.time.Instant i = java.time.OffsetDateTime.parse(iso).toInstant();
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
  }

  /** Directory (relative to the table root) where files of one partition go, escaped as Delta wants. */
  public String partitionDir(Map<String, Literal> partitionValues) {
    Transaction txn =
        table.createTransactionBuilder(engine, ENGINE_INFO, Operation.WRITE).build(engine);
    DataWriteContext ctx =
        Transaction.getWriteContext(engine, txn.getTransactionState(engine), partitionValues);
    String dir = store.keyOf(ctx.getTargetDirectory());
    String prefix = tableKey.isEmpty() ? "" : tableKey + "/";
    return dir.startsWith(prefix) ? dir.substring(prefix.length()) : dir;
  }

  /**
   * Commits new files in one transaction recording {@code walSeq} and returns the new version.
   * Returns -1, committing nothing, when the table already records that position or a later one
   * (a retry after a crash between commit and buffer cleanup).
   */
  public long commitAppend(List<NewDataFile> files, long walSeq) {
    Transaction txn;
    try {
      txn =
          table
              .createTransactionBuilder(engine, ENGINE_INFO, Operation.WRITE)
              .withTransactionId(engine, walAppId, walSeq)
              .withMaxRetries(100)
              .build(engine);
    } catch (ConcurrentTransactionException e) {
      log.info("{}: WAL position {} already committed, skipping", schema.name(), walSeq);
      return -1;
    }
    Row state = txn.getTransactionState(engine);
    List<Row> actions = new ArrayList<>();
    for (NewDataFile f : files) {
      DataWriteContext ctx = Transaction.getWriteContext(engine, state, f.partitionValues());
      DataFileStatus status =
          new DataFileStatus(
              store.uri(tableKey + "/" + f.relativeKey()),
              f.size(),
              System.currentTimeMillis(),
              java.util.Optional.of(
                  new DataFileStatistics(
                      f.numRecords(),
                      columns(f.minValues()),
                      columns(f.maxValues()),
                      columns(f.nullCounts()))));
      try (CloseableIterator<Row> it =
          Transaction.generateAppendActions(
              engine, state, Utils.toCloseableIterator(List.of(status).iterator()), ctx)) {
        it.forEachRemaining(actions::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      TransactionCommitResult r =
          txn.commit(engine, CloseableIterable.inMemoryIterable(Utils.toCloseableIterator(actions.iterator())));
      log.info(
          "{}: committed {} files at version {} (WAL position {})",
          schema.name(), files.size(), r.getVersion(), walSeq);
      runPostCommitHooks(r);
      return r.getVersion();
    } catch (ConcurrentTransactionException e) {
      return -1;
    }
  }

  /**
   * Runs what Kernel asks for after a commit: checkpoints every {@code delta.checkpointInterval}
   * versions (default 10) keep start-up log replay bounded. A failed hook never fails the commit.
   */
  private void runPostCommitHooks(TransactionCommitResult r) {
    for (var hook : r.getPostCommitHooks()) {
      try {
        hook.threadSafeInvoke(engine);
        log.debug("{}: {} written at version {}", schema.name(), hook.getType(), r.getVersion());
      } catch (IOException | RuntimeException e) {
        log.warn("{}: post-commit {} failed at version {}: {}", schema.name(), hook.getType(), r.getVersion(), e.toString());
      }
    }
  }

  private static <V> Map<Column, V> columns(Map<String, V> byName) {
    Map<Column, V> out = new HashMap<>();
    byName.forEach((k, v) -> out.put(new Column(k), v));
    return out;
  }
}
