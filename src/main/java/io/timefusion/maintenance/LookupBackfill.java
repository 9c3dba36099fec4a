package io.timefusion.maintenance;

import io.timefusion.catalog.TableSchema;
import io.timefusion.delta.DataFile;
import io.timefusion.delta.DeltaTable;
import io.timefusion.delta.LookupSidecar;
import io.timefusion.storage.ObjectStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the lookup sidecars that a table's live data files lack (files written before sidecars
 * existed, or whose sidecar was lost), so that lookups prune them too. Each file is read once
 * through the query engine; a sidecar is one put of a complete object, so the procedure can be
 * stopped and run again at any point, and a second run writes nothing.
 */
public final class LookupBackfill {
  private static final Logger log = LoggerFactory.getLogger(LookupBackfill.class);

  /** Live files of the table, sidecars already there, and sidecars written (with their bytes). */
  public record Result(int files, int present, int written, long bytes) {}

  private LookupBackfill() {}

  /** Backfills the latest version of {@code table}, reading its files with {@code engine}. */
  public static Result run(ObjectStore store, DeltaTable table, Connection engine) throws IOException, SQLException {
    TableSchema schema = table.schema();
    List<DataFile> files = table.latest().files();
    if (schema.lookupColumns().isEmpty()) return new Result(files.size(), 0, 0, 0);
    int present = 0;
    int written = 0;
    long bytes = 0;
    long started = System.nanoTime();
    for (DataFile f : files) {
      if (f.lookupKey() == null) continue;
      if (store.stat(f.lookupKey()).isPresent()) {
        present++;
        continue;
      }
      try (ObjectStore.Lease readable = store.materialize(List.of(f.key()))) {
        String select = "SELECT * FROM read_parquet('" + store.enginePath(f.key()).replace("'", "''") + "')";
        byte[] sidecar = LookupSidecar.build(engine, schema.lookupColumns(), select).encode();
        store.put(f.lookupKey(), sidecar);
        written++;
        bytes += sidecar.length;
      }
      if (written % 50 == 0) {
        log.info("{}: {} lookup sidecars written, {} of {} files checked", schema.name(), written, present + written, files.size());
      }
    }
    log.info(
        "{}: {} live files, {} had a lookup sidecar, {} written ({} KiB) in {} ms",
        schema.name(), files.size(), present, written, bytes >> 10, (System.nanoTime() - started) / 1_000_000);
    return new Result(files.size(), present, written, bytes);
  }
}
