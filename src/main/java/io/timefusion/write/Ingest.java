package io.timefusion.write;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgement path of every write: a batch is logged (fsynced, group-committed), then
 * added to the memory buffer in log order, and only then acknowledged. The batches of one WAL
 * group commit go into the buffer together (they only join its pending list there; see
 * {@link MemoryBuffer} for when they are loaded into DuckDB).
 */
public final class Ingest {
  private static final Logger log = LoggerFactory.getLogger(Ingest.class);
  private final Wal wal;
  private final MemoryBuffer buffer;
  private final FlushScheduler scheduler;
  private final long stallBytes;
  private final long stallTimeoutNanos;
  // Owned by the WAL writer thread: the durable batches of the group being completed, in order.
  private final Map<String, List<VectorSchemaRoot>> group = new LinkedHashMap<>();
  private long groupSeq = -1;
  // Writers waiting in awaitRoom: the first to wait logs it.
  private final AtomicInteger stalled = new AtomicInteger();

  /**
   * @param stallBytes buffered bytes (flushed or not yet) past which writers wait for flushes
   * @param stallTimeout how long a writer waits before it gets an error instead
   */
  public Ingest(Wal wal, MemoryBuffer buffer, FlushScheduler scheduler, long stallBytes, java.time.Duration stallTimeout) {
    this.wal = wal;
    this.buffer = buffer;
    this.scheduler = scheduler;
    this.stallBytes = stallBytes;
    this.stallTimeoutNanos = stallTimeout.toNanos();
    wal.afterGroup(this::bufferGroup);
  }

  /** How many times buffered rows were loaded into the engine ({@link MemoryBuffer#loads}). */
  public long bufferLoads() {
    return buffer.loads();
  }

  /** Makes every acknowledged row readable by the engine; called before a query binds its views. */
  public void loadBuffered() {
    try {
      buffer.loadPending();
    } catch (SQLException e) {
      throw new PgException(SqlState.INTERNAL_ERROR, "cannot load buffered rows: " + e.getMessage(), e);
    }
  }

  /** Runs on the WAL writer thread once per group: buffers its batches, in log order per table. */
  private void bufferGroup() {
    if (group.isEmpty()) return;
    try {
      buffer.append(group, groupSeq);
    } finally {
      group.clear();
    }
  }

  /**
   * Makes a batch durable and visible; returns its row count. The buffer takes over the batch's
   * memory: the caller still closes it, but its vectors are empty afterwards.
   */
  public long insert(String table, VectorSchemaRoot batch) {
    return insert(table, List.of(batch));
  }

  /**
   * Makes several batches of one table durable and visible as a unit: one WAL record, so after a
   * crash either all of them or none are replayed, and one buffer append. Returns their row
   * count. The buffer takes over the batches' memory, as for {@link #insert(String, VectorSchemaRoot)}.
   */
  public long insert(String table, List<VectorSchemaRoot> batches) {
    awaitRoom();
    long rows = 0;
    for (VectorSchemaRoot b : batches) rows += b.getRowCount();
    CompletableFuture<Long> done =
        wal.appendAsync(
            table,
            batches,
            seq -> {
              group.computeIfAbsent(table, t -> new ArrayList<>()).addAll(batches);
              groupSeq = seq;
            });
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PgException(SqlState.QUERY_CANCELED, "interrupted while waiting for the write-ahead log", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PgException pg) throw pg;
      throw new PgException(SqlState.INTERNAL_ERROR, "write failed: " + e.getCause(), e.getCause());
    }
    scheduler.onAppend();
    return rows;
  }

  /**
   * Backpressure: while the buffer holds more than it may (flushes failing or behind), writers
   * wait; past the timeout they get a clear error rather than the server running out of memory.
   * Nothing is dropped: a refused statement was never logged.
   */
  private void awaitRoom() {
    if (buffer.totalBytes() <= stallBytes) return;
    long deadline = System.nanoTime() + stallTimeoutNanos;
    scheduler.requestFlush();
    if (stalled.getAndIncrement() == 0) {
      log.info("writes wait for the flush: {} MB buffered, limit {} MB", buffer.totalBytes() >> 20, stallBytes >> 20);
    }
    try {
      while (buffer.totalBytes() > stallBytes) {
        if (System.nanoTime() > deadline) {
          throw new PgException(
              SqlState.INSUFFICIENT_RESOURCES,
              "write buffer is full (" + (buffer.totalBytes() >> 20) + " MB waiting to be flushed, limit "
                  + (stallBytes >> 20) + " MB): flushes to storage are failing or behind; retry later");
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PgException(SqlState.QUERY_CANCELED, "interrupted while waiting for room in the write buffer", e);
        }
      }
    } finally {
      stalled.decrementAndGet();
    }
  }
}
