package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.ScanImpl;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.utils.CloseableIterator;
import io.timefusion.delta.LookupSidecar;
import io.timefusion.delta.StoreFileIO;
import io.timefusion.storage.LocalObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a flush writes is a valid Delta table for another reader: read back with Delta Kernel
 * (partition values, row counts, statistics, idempotency id) and the Parquet files with DuckDB
 * (zstd, sorted by timestamp descending, one file per partition per flush). Each data file has
 * its lookup sidecar under {@code _lookup/}, outside the partition directories.
 */
class DeltaLayoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void flushWritesPartitionedSortedZstdParquetWithStatistics() throws Exception {
    Path dir;
    try (TestServer server = TestServer.start(Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"))) {
      dir = server.dataDir();
      try (Connection c = server.connect(); Statement s = c.createStatement()) {
        StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration) VALUES ");
        for (int i = 0; i < 300; i++) {
          String project = i % 3 == 0 ? "layout-a" : "layout-b";
          int day = 16 + (i % 2);
          sql.append(i > 0 ? "," : "")
              .append("('").append(project).append("', '2025-01-").append(day).append(' ')
              .append(String.format("%02d:%02d:00", i % 24, i % 60)).append("', ")
              .append(i % 10 == 0 ? "NULL" : "'op-" + (i % 7) + "'").append(", ").append(i).append(')');
        }
        assertEquals(300, s.executeUpdate(sql.toString()));
      }
      assertEquals(300, server.server().flush());
      assertEquals(0, server.server().flush(), "nothing left to flush");

      Engine engine = DefaultEngine.create(new StoreFileIO(new LocalObjectStore(dir)));
      Snapshot snap = Table.forPath(engine, dir.resolve("otel_logs_and_spans").toUri().toString()).getLatestSnapshot(engine);
      assertEquals(List.of("project_id", "date"), snap.getPartitionColumnNames());
      assertEquals(91, snap.getSchema().length());
      Map<String, JsonNode> statsByPartition = new HashMap<>();
      List<String> paths = new ArrayList<>();
      try (CloseableIterator<FilteredColumnarBatch> it =
          ((ScanImpl) snap.getScanBuilder().build()).getScanFiles(engine, true)) {
        while (it.hasNext()) {
          try (CloseableIterator<Row> rows = it.next().getRows()) {
            while (rows.hasNext()) {
              Row r = rows.next();
              Map<String, String> pv = InternalScanFileUtils.getPartitionValues(r);
              Row add = r.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
              String stats = add.getString(add.getSchema().indexOf("stats"));
              String key = pv.get("project_id") + "/" + pv.get("date");
              assertFalse(statsByPartition.containsKey(key), "one file per partition per flush: " + key);
              statsByPartition.put(key, JSON.readTree(stats));
              String path = InternalScanFileUtils.getAddFileStatus(r).getPath();
              assertTrue(path.contains("/project_id=" + pv.get("project_id") + "/date=" + pv.get("date") + "/"), path);
              paths.add(java.nio.file.Path.of(java.net.URI.create(path)).toString());
              String relative = dir.resolve("otel_logs_and_spans").toUri().relativize(java.net.URI.create(path)).getPath();
              LookupSidecar sidecar =
                  LookupSidecar.decode(Files.readAllBytes(dir.resolve(LookupSidecar.keyOf("otel_logs_and_spans", relative))));
              assertEquals(java.util.Set.of("context___trace_id", "id"), sidecar.columns().keySet());
              assertFalse(sidecar.mayContainAny("id", List.of("anything")), "no ids were inserted");
            }
          }
        }
      }
      assertEquals(4, statsByPartition.size());
      JsonNode a16 = statsByPartition.get("layout-a/2025-01-16");
      assertEquals(50, a16.get("numRecords").asLong());
      long total = statsByPartition.values().stream().mapToLong(n -> n.get("numRecords").asLong()).sum();
      assertEquals(300, total);
      // i % 3 == 0 and i even: i in {0, 6, ..., 294}; duration = i
      assertEquals(0, a16.get("minValues").get("duration").asLong());
      assertEquals(294, a16.get("maxValues").get("duration").asLong());
      assertEquals(10, a16.get("nullCount").get("name").asLong()); // i % 30 == 0
      assertTrue(a16.get("minValues").get("timestamp").asText().startsWith("2025-01-16T00:00"), a16.toString());

      // The Parquet files, read by DuckDB directly: zstd, and sorted by timestamp descending.
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
        for (String p : paths) {
          try (ResultSet rs = s.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('" + p + "')")) {
            while (rs.next()) assertTrue(rs.getString(1).equalsIgnoreCase("ZSTD") || rs.getString(1).equalsIgnoreCase("UNCOMPRESSED"), rs.getString(1));
          }
          try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE timestamp > prev) FROM (SELECT timestamp, lag(timestamp) OVER () AS prev FROM read_parquet('" + p + "'))")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "rows not sorted by timestamp descending in " + p);
          }
        }
      }
      // The idempotency id recorded with the commit
      String log = Files.readString(dir.resolve("otel_logs_and_spans/_delta_log/00000000000000000001.json"));
      String walId = Files.readString(dir.resolve("instance-id")).trim();
      assertTrue(log.contains("\"txn\":{\"appId\":\"timefusion-wal-" + walId + "\""), log);

      // Queries see the same rows from Delta as they did from the buffer.
      try (Connection c = server.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*), sum(duration) FROM otel_logs_and_spans WHERE project_id IN ('layout-a', 'layout-b')")) {
        rs.next();
        assertEquals(300, rs.getLong(1));
        assertEquals(299 * 300 / 2, rs.getLong(2));
      }
    }
  }

  /** A partition large enough to be sorted apart before it is written: still one sorted file with exact statistics. */
  @Test
  void aLargePartitionIsWrittenSortedWithStatistics() throws Exception {
    int n = (int) io.timefusion.write.Flusher.SORT_APART_ROWS + 10_000;
    try (TestServer server = TestServer.start(Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"))) {
      Path dir = server.dataDir();
      try (Connection c = server.connect(); Statement s = c.createStatement()) {
        // timestamps in a scrambled order, all on 2025-01-16
        assertEquals(n, s.executeUpdate("INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration, id) "
            + "SELECT 'layout-big', TIMESTAMPTZ '2025-01-16 00:00:00+00' + (i * 7919 % " + n + ") * INTERVAL '1 second', "
            + "'op-' || (i % 5), i, 'big-' || i FROM generate_series(1, " + n + ") AS t(i)"));
      }
      assertEquals(n, server.server().flush());
      List<Path> files;
      try (var walk = Files.walk(dir.resolve("otel_logs_and_spans/project_id=layout-big"))) {
        files = walk.filter(f -> f.toString().endsWith(".parquet")).toList();
      }
      assertEquals(1, files.size(), files.toString());
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE timestamp > prev) FROM (SELECT timestamp, "
              + "lag(timestamp) OVER () AS prev FROM read_parquet('" + files.get(0) + "'))")) {
        rs.next();
        assertEquals(n, rs.getLong(1));
        assertEquals(0, rs.getLong(2), "rows not sorted by timestamp descending");
      }
      String log = Files.readString(dir.resolve("otel_logs_and_spans/_delta_log/00000000000000000001.json"));
      JsonNode add = null;
      for (String line : log.split("\n")) if (line.startsWith("{\"add\"")) add = JSON.readTree(line).get("add");
      JsonNode stats = JSON.readTree(add.get("stats").asText());
      assertEquals(n, stats.get("numRecords").asLong());
      assertEquals(1, stats.get("minValues").get("duration").asLong());
      assertEquals(n, stats.get("maxValues").get("duration").asLong());
      assertTrue(stats.get("minValues").get("timestamp").asText().startsWith("2025-01-16T00:00:00"), stats.toString());
      String relative = dir.resolve("otel_logs_and_spans").relativize(files.get(0)).toString();
      LookupSidecar sidecar =
          LookupSidecar.decode(Files.readAllBytes(dir.resolve(LookupSidecar.keyOf("otel_logs_and_spans", relative))));
      assertEquals(n, sidecar.columns().get("id").distinct());
      for (int i = 1; i <= n; i += 997) assertTrue(sidecar.mayContainAny("id", List.of("big-" + i)), "big-" + i);
      assertFalse(sidecar.mayContainAny("context___trace_id", List.of("big-1")));
    }
  }
}
