package io.timefusion.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.delta.DeltaSnapshot;
import io.timefusion.query.DuckDb;
import io.timefusion.query.Snapshots;
import io.timefusion.storage.LocalObjectStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The buffer's pending batches and their bulk loads into DuckDB, against a real engine. */
class MemoryBufferTest {
  @TempDir Path dir;
  private BufferAllocator allocator;
  private DuckDb duckdb;
  private Snapshots snapshots;
  private MemoryBuffer buffer;
  private long seq;

  @BeforeEach
  void start() throws Exception {
    allocator = new RootAllocator();
    duckdb = new DuckDb(1024, 0, dir, List.of(dir));
    snapshots = new Snapshots(new LocalObjectStore(dir));
    snapshots.register(OtelBatches.SCHEMA, new DeltaSnapshot(0, List.of(), -1));
    buffer = new MemoryBuffer(duckdb, allocator, snapshots, List.of(OtelBatches.SCHEMA));
  }

  @AfterEach
  void stop() throws Exception {
    buffer.close();
    duckdb.close();
    allocator.close();
  }

  private void append(String key, int rows) throws SQLException {
    try (VectorSchemaRoot b = OtelBatches.batch(allocator, key, rows)) {
      buffer.append(OtelBatches.TABLE, List.of(b), seq++);
      assertEquals(0, b.getVector("id").getValueCount(), "the buffer took the batch's memory over");
    }
  }

  /** count(*), count(DISTINCT id) and sum(duration) of what a query of the table sees now. */
  private long[] visible() throws SQLException {
    String view = snapshots.viewSql(snapshots.current(OtelBatches.TABLE), List.of());
    try (Connection c = duckdb.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), sum(duration) FROM (" + view + ")")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
    }
  }

  private static long durations(int rows) {
    long sum = 0;
    for (int i = 0; i < rows; i++) sum += (long) i * 1_000_003L;
    return sum;
  }

  private int chunks() {
    return snapshots.current(OtelBatches.TABLE).bufferTables().size();
  }

  @Test
  void appendedRowsAreLoadedOnceIntoABoundedNumberOfChunks() throws Exception {
    append("first", 5_000);
    assertEquals(0, chunks(), "an append alone does not touch the engine");
    buffer.loadPending();
    assertEquals(1, chunks());
    for (int i = 0; i < 10; i++) {
      append("small-" + i, 100);
      buffer.loadPending();
    }
    assertEquals(1, chunks(), "small loads join the newest chunk");
    int big = MemoryBuffer.MAX_CHUNKS + 5;
    for (int i = 0; i < big; i++) {
      append("big-" + i, 4_200);
      buffer.loadPending();
    }
    assertEquals(MemoryBuffer.MAX_CHUNKS, chunks());
    long rows = 5_000 + 10 * 100 + big * 4_200L;
    long sum = durations(5_000) + 10 * durations(100) + big * durations(4_200);
    long[] seen = visible();
    assertEquals(rows, seen[0]);
    assertEquals(rows, seen[1], "no row doubled");
    assertEquals(sum, seen[2], "values survive the merge of batches");
  }

  @Test
  void batchesOfOneLoadAreMergedWithTheirValues() throws Exception {
    for (int i = 0; i < 50; i++) append("m-" + i, 1 + i * 7);
    buffer.loadPending();
    long rows = 0;
    long sum = 0;
    for (int i = 0; i < 50; i++) {
      rows += 1 + i * 7;
      sum += durations(1 + i * 7);
    }
    assertEquals(1, chunks());
    assertEquals(List.of(rows, rows, sum), List.of(visible()[0], visible()[1], visible()[2]));
    try (Connection c = duckdb.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FILTER (WHERE name IS NULL), sum(len(hashes)), count(attributes___http___response___status_code)"
                    + " FROM (" + snapshots.viewSql(snapshots.current(OtelBatches.TABLE), List.of()) + ")")) {
      rs.next();
      long nullNames = 0;
      long hashes = 0;
      long statuses = 0;
      for (int i = 0; i < 50; i++) {
        for (int r = 0; r < 1 + i * 7; r++) {
          if (r % 4 == 3) nullNames++;
          hashes += r % 3;
          if (r % 2 == 0) statuses++;
        }
      }
      assertEquals(nullNames, rs.getLong(1), "nulls stay null");
      assertEquals(hashes, rs.getLong(2), "list columns keep their elements");
      assertEquals(statuses, rs.getLong(3));
    }
  }

  @Test
  void aFailedLoadKeepsItsRowsPendingForTheNextOne() throws Exception {
    append("a", 300);
    append("b", 400);
    try (Connection c = duckdb.connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA tf_buffer CASCADE");
      assertThrows(SQLException.class, buffer::loadPending);
      s.execute("CREATE SCHEMA tf_buffer");
    }
    append("c", 500);
    buffer.loadPending();
    long[] seen = visible();
    assertEquals(1_200, seen[0]);
    assertEquals(1_200, seen[1]);
    assertEquals(durations(300) + durations(400) + durations(500), seen[2]);
  }

  @Test
  void aLoadFailingPartWayKeepsOnlyTheRowsNotLoaded() throws Exception {
    // three pieces (10,000 + 10,000 rows exceed one piece); the second one's table name is taken
    for (String k : List.of("p1", "p2", "p3")) append(k, 10_000);
    String blocker = "tf_buffer.\"" + OtelBatches.TABLE + "_g1_c1\"";
    try (Connection c = duckdb.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + blocker + " (x INTEGER)");
      assertThrows(SQLException.class, buffer::loadPending);
      assertEquals(1, chunks(), "the first piece is in");
      s.execute("DROP TABLE " + blocker);
    }
    buffer.loadPending();
    long[] seen = visible();
    assertEquals(30_000, seen[0], "the loaded piece is not loaded again");
    assertEquals(30_000, seen[1]);
    assertEquals(3 * durations(10_000), seen[2]);
  }

  @Test
  void theBackgroundLoaderTakesPendingRowsPastItsThreshold() throws Exception {
    int per = 4_096;
    for (long added = 0; added < MemoryBuffer.LOAD_ROWS; added += per) append("bg-" + added, per);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (chunks() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
    assertTrue(chunks() > 0, "the loader created a chunk without anyone asking");
  }
}
