package io.timefusion.write;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The acknowledgement path of every write: a batch is logged (fsynced, group-committed), then
 * added to the memory buffer in log order, and only then acknowledged.
 */
public final class Ingest {
  private final Wal wal;
  private final MemoryBuffer buffer;
  private final FlushScheduler scheduler;

  public Ingest(Wal wal, MemoryBuffer buffer, FlushScheduler scheduler) {
    this.wal = wal;
    this.buffer = buffer;
    this.scheduler = scheduler;
  }

  /** Makes a batch durable and visible; returns its row count. The caller keeps owning the batch. */
  public long insert(String table, VectorSchemaRoot batch) {
    CompletableFuture<Long> done =
        wal.appendAsync(
            table,
            batch,
            seq -> {
              try {
                buffer.append(table, List.of(batch), seq);
              } catch (SQLException e) {
                throw new PgException(SqlState.INTERNAL_ERROR, "cannot buffer rows: " + e.getMessage(), e);
              }
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
    return batch.getRowCount();
  }
}
