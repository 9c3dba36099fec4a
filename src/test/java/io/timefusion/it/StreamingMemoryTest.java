package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Large results stream in bounded server memory: pgjdbc reads SELECT * over a million rows of
 * otel_logs_and_spans (in Delta files) and five million rows of a range() query with a fetch
 * size of 1000, while the test samples the resident memory of the server process, which runs in
 * its own JVM with a fixed, pre-touched heap so that what grows is what the query holds (DuckDB
 * and Arrow memory). Materialized, the first result takes DuckDB over a gigabyte.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class StreamingMemoryTest {
  private static final int FETCH_SIZE = 1000;
  private static final int TABLE_ROWS = 1_000_000;
  private static final int RANGE_ROWS = 5_000_000;
  /** What streaming may add to the server's resident memory (DuckDB's scans of 91 columns, Arrow batches, allocator slack). */
  private static final long RSS_GROWTH_LIMIT_BYTES = 128L << 20;
  /** DuckDB's query memory, from duckdb_memory(): everything but the buffer's tables. */
  private static final String ENGINE_MEMORY =
      "SELECT coalesce(sum(memory_usage_bytes + temporary_storage_bytes), 0) FROM duckdb_memory() WHERE tag <> 'IN_MEMORY_TABLE'";

  @TempDir static Path scratch;
  private static Process server;
  private static int port;
  private static long baselineRss;

  @BeforeAll
  static void start() throws Exception {
    port = ServerProcess.freePort();
    Path dir = Files.createDirectories(scratch.resolve("tf-stream"));
    server = ServerProcess.start(dir, port, Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "1"),
        List.of("-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch"));
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (int from = 0; from < TABLE_ROWS; from += 250_000) StreamRows.copy(c, "big", from, 250_000);
      // until every row is in Delta files: no flush runs beside the measured reads
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!explain(s, "SELECT * FROM otel_logs_and_spans WHERE project_id = 'big'").contains("+ 0 buffer generation(s)")) {
        assertTrue(System.nanoTime() < deadline, "rows still buffered");
        Thread.sleep(200);
      }
      try (ResultSet warm = s.executeQuery("SELECT * FROM otel_logs_and_spans WHERE project_id = 'big' LIMIT 10")) {
        while (warm.next()) warm.getString(1);
      }
    }
    baselineRss = rss();
  }

  private static String explain(Statement s, String query) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
      while (rs.next()) plan.append(rs.getString(1)).append('\n');
    }
    return plan.toString();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) ServerProcess.terminate(server);
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", TestServer.USER, TestServer.PASSWORD);
  }

  @Test
  void selectStarOverTheTableStreamsInBoundedMemory() throws Exception {
    String query = "SELECT * FROM otel_logs_and_spans WHERE project_id = 'big'";
    BitSet seen = new BitSet();
    long textBytes;
    Read read;
    try (Sampler memory = new Sampler()) {
      // the whole result as COPY text: what the server sends, near enough (and a second stream)
      textBytes = copyOutBytes(query);
      read = read(query, memory, rs -> {
        int n = (int) StreamRows.number(rs.getString("id"));
        assertFalse(seen.get(n), "row " + n + " twice");
        seen.set(n);
      });
    }
    assertEquals(TABLE_ROWS, read.rows);
    assertEquals(TABLE_ROWS, seen.nextClearBit(0), "every row once");
    report("SELECT * over " + TABLE_ROWS + " rows of otel_logs_and_spans (" + (textBytes >> 20) + " MiB as COPY text)", read);
    assertTrue(read.growth < RSS_GROWTH_LIMIT_BYTES, "server memory grew by " + (read.growth >> 20) + " MiB");
    assertTrue(textBytes > 2 * RSS_GROWTH_LIMIT_BYTES, "the result is larger than what streaming may hold");
  }

  @Test
  void aRangeStreamsInOrderAndItsFirstRowsComeLongBeforeItsLast() throws Exception {
    String query = "SELECT i, md5(i::VARCHAR) AS h FROM range(" + RANGE_ROWS + ") t(i)";
    long[] next = {0};
    Read read;
    try (Sampler memory = new Sampler()) {
      read = read(query, memory, rs -> {
        assertEquals(next[0], rs.getLong(1), "rows in order");
        if (next[0] % 100_000 == 0) assertEquals(32, rs.getString(2).length());
        next[0]++;
      });
    }
    assertEquals(RANGE_ROWS, read.rows);
    report("SELECT i, md5(i) over range(" + RANGE_ROWS + ")", read);
    assertTrue(read.growth < RSS_GROWTH_LIMIT_BYTES, "server memory grew by " + (read.growth >> 20) + " MiB");
    assertTrue(read.firstRowNanos * 10 < read.totalNanos, "first row after " + read.firstRowNanos / 1_000_000 + " ms of " + read.totalNanos / 1_000_000);
  }

  private record Read(long rows, long firstRowNanos, long totalNanos, long growth, long engine) {}

  private interface RowCheck {
    void check(ResultSet rs) throws SQLException;
  }

  /**
   * Samples, every 20 ms, the server's resident memory above what it held once the table was
   * loaded (so that no earlier query can have left reusable memory behind: DuckDB's allocator
   * keeps what it freed) and the memory duckdb_memory() counts for queries (operators and
   * buffers; DuckDB does not count a materialized result there).
   */
  private static final class Sampler implements AutoCloseable {
    final AtomicLong rss = new AtomicLong();
    final AtomicLong engine = new AtomicLong();
    private final AtomicBoolean done = new AtomicBoolean();
    private final Connection probe;
    private final Thread thread;

    Sampler() throws SQLException {
      probe = connect();
      Statement p = probe.createStatement();
      thread = Thread.ofPlatform().daemon().start(() -> {
        while (!done.get()) {
          try {
            rss.accumulateAndGet(rss() - baselineRss, Math::max);
            try (ResultSet m = p.executeQuery(ENGINE_MEMORY)) {
              m.next();
              engine.accumulateAndGet(m.getLong(1), Math::max);
            }
            Thread.sleep(20);
          } catch (Exception e) {
            rss.set(Long.MAX_VALUE);
            return;
          }
        }
      });
    }

    @Override
    public void close() throws Exception {
      done.set(true);
      thread.join();
      probe.close();
    }
  }

  /** Reads the whole result with a fetch size. */
  private static Read read(String query, Sampler memory, RowCheck check) throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.setFetchSize(FETCH_SIZE);
      long rows = 0;
      long first = 0;
      long started = System.nanoTime();
      try (ResultSet rs = s.executeQuery(query)) {
        while (rs.next()) {
          if (rows == 0) first = System.nanoTime() - started;
          check.check(rs);
          rows++;
        }
      }
      long total = System.nanoTime() - started;
      c.commit();
      return new Read(rows, first, total, memory.rss.get(), memory.engine.get());
    }
  }

  private static void report(String what, Read r) {
    System.out.printf(
        "streaming: %s: %d rows, first row after %d ms, all after %d ms; server RSS %d MiB after loading, peak +%d MiB; DuckDB query memory peak %d MiB%n",
        what, r.rows, r.firstRowNanos / 1_000_000, r.totalNanos / 1_000_000, baselineRss >> 20, r.growth >> 20, r.engine >> 20);
  }

  private static long copyOutBytes(String query) throws Exception {
    long[] bytes = {0};
    try (Connection c = connect()) {
      c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT", new OutputStream() {
        @Override
        public void write(int b) {
          bytes[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
          bytes[0] += len;
        }
      });
    }
    return bytes[0];
  }

  /** The server process's resident memory. */
  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + server.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
    throw new IOException("no VmRSS for " + server.pid());
  }
}
