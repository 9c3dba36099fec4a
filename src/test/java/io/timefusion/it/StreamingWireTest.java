package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.core.BaseConnection;

/**
 * Results stream to pgjdbc and psql as DuckDB computes them. A cursor read with a small fetch
 * size gets exactly the rows of the snapshot it started on, while writes and flushes go on and
 * while its own session runs other statements. A query failing part-way, a cancel and a
 * statement timeout end the stream with their error after the rows already sent, never with a
 * short result and a success tag. What a stream holds is released by the Close of its portal, by
 * the end of its transaction, and when its client goes away mid-stream.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StreamingWireTest {
  private static final int FETCH_SIZE = 1000;
  /**
   * 300000 rows as fast as DuckDB makes them; then the query scans on for minutes without
   * producing a row, so an Execute past the fast rows waits in DuckDB until it is interrupted.
   */
  private static final String FAST_THEN_BLOCKED =
      "SELECT i FROM range(100000000000) t(i) WHERE i < 300000 OR i % 99999999989 = 99999999988";
  /** Far below the minutes the blocked fetch would take; generous for a loaded machine. */
  private static final long STOPPED_WITHIN_MILLIS = 30_000;

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    // flushes only when a test asks
    server = TestServer.start(Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  private static Connection cursorSession() throws SQLException {
    Connection c = server.connect();
    c.setAutoCommit(false); // pgjdbc fetches with a row limit (a portal) only inside a transaction
    return c;
  }

  @Test
  void aCursorReadsItsSnapshotWhileWritesFlushesAndItsOwnSessionGoOn() throws Exception {
    try (Connection writer = server.connect(); Connection reader = cursorSession()) {
      StreamRows.copy(writer, "snapshot", 0, 60_000);
      server.server().flush(); // rows 0 to 59999 in Delta files
      StreamRows.copy(writer, "snapshot", 60_000, 40_000); // rows 60000 to 99999 in the buffer
      BitSet seen = new BitSet();
      try (PreparedStatement ps = reader.prepareStatement("SELECT id, duration FROM otel_logs_and_spans WHERE project_id = ?")) {
        ps.setFetchSize(FETCH_SIZE);
        ps.setString(1, "snapshot");
        try (ResultSet rs = ps.executeQuery()) {
          for (int i = 0; i < 2500; i++) {
            assertTrue(rs.next());
            record(rs, seen);
          }
          assertEquals(1, server.server().openResultStreams(), "the cursor's portal is suspended");
          // more rows and a flush, which drops the buffer generation the cursor is reading:
          // neither waits for the cursor, and the cursor sees neither
          StreamRows.copy(writer, "snapshot", 100_000, 20_000);
          assertTimeoutPreemptively(Duration.ofSeconds(60), () -> server.server().flush());
          // the cursor's session runs other statements while the cursor is open
          try (Statement other = reader.createStatement();
              ResultSet count = other.executeQuery("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'snapshot'")) {
            assertTrue(count.next());
            assertEquals(120_000, count.getLong(1));
          }
          while (rs.next()) record(rs, seen);
        }
      }
      reader.commit();
      assertEquals(100_000, seen.cardinality(), "rows of the snapshot");
      assertEquals(100_000, seen.nextClearBit(0), "no row of the snapshot missing, none written after it");
      assertEquals(0, server.server().openResultStreams());
    }
  }

  private static void record(ResultSet rs, BitSet seen) throws SQLException {
    long n = StreamRows.number(rs.getString(1));
    assertEquals(n, rs.getLong(2), "duration of row " + n);
    assertFalse(seen.get((int) n), "row " + n + " twice");
    seen.set((int) n);
  }

  @Test
  void aQueryFailingPartWayEndsWithItsErrorNotAShortResult() throws Exception {
    String failsAtTheLastRow =
        "SELECT i, CASE WHEN i = 299999 THEN error('boom at row 299999') ELSE i * 2 END AS v FROM range(300000) t(i)";
    try (Connection c = cursorSession(); Statement s = c.createStatement()) {
      s.setFetchSize(FETCH_SIZE);
      long[] rows = {0};
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(failsAtTheLastRow)) {
          while (rs.next()) {
            assertEquals(rows[0], rs.getLong(1), "rows in order");
            assertEquals(rows[0] * 2, rs.getLong(2));
            rows[0]++;
          }
        }
      });
      assertFailedWithBoom(e.getSQLState(), e.getMessage());
      // the first rows reached the client before the last one was computed
      assertTrue(rows[0] >= FETCH_SIZE && rows[0] < 300_000, rows[0] + " rows");
      c.rollback();
      assertSessionWorks(s);
    }
    // the whole result at once (simple query protocol): the error, not 299999 rows
    try (Connection c = DriverManager.getConnection(server.jdbcUrl() + "?preferQueryMode=simple", TestServer.USER, TestServer.PASSWORD);
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(failsAtTheLastRow));
      assertFailedWithBoom(e.getSQLState(), e.getMessage());
      assertSessionWorks(s);
    }
    Psql.Output out = Psql.run(server.port(), "sslmode=disable", TestServer.PASSWORD, "-c", failsAtTheLastRow, "-c", "SELECT 42 AS after");
    assertTrue(out.stderr().contains("ERROR:  boom at row 299999") || out.stderr().contains(LOST_ERROR), out.stderr());
    assertFalse(out.stdout().contains("299998"), "psql printed no partial result");
  }

  /** How the server reports a failure part-way whose error DuckDB lost (see ArrowQueryResult). */
  private static final String LOST_ERROR = "DuckDB reported only \"Interrupted!\"";

  /** The query's own error, 22P02 as the materialized path reports DuckDB's error(), or the lost error. */
  private static void assertFailedWithBoom(String sqlState, String message) {
    if (sqlState.equals("XX000") && message.contains(LOST_ERROR)) return;
    assertEquals("22P02", sqlState, message);
    assertTrue(message.contains("boom at row 299999"), message);
  }

  @Test
  void aStatementTimeoutStopsAStreamPartWay() throws Exception {
    try (Connection c = cursorSession(); Statement s = c.createStatement()) {
      s.setFetchSize(FETCH_SIZE);
      long[] rows = {0};
      long[] set = {0};
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(FAST_THEN_BLOCKED)) {
          while (rs.next()) {
            assertEquals(rows[0], rs.getLong(1));
            rows[0]++;
            if (rows[0] == 5000) {
              // from the next Execute on (the timeout counts per Execute, as in PostgreSQL)
              try (Statement other = c.createStatement()) {
                other.execute("SET statement_timeout = '1s'");
              }
              set[0] = System.nanoTime();
            }
          }
        }
      });
      long millis = (System.nanoTime() - set[0]) / 1_000_000;
      assertEquals("57014", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("canceling statement due to statement timeout"), e.getMessage());
      assertTrue(rows[0] >= 5000 && rows[0] <= 300_000, rows[0] + " rows");
      assertTrue(millis < STOPPED_WITHIN_MILLIS, "stopped only after " + millis + " ms");
      c.rollback();
      try (Statement reset = c.createStatement()) {
        reset.execute("SET statement_timeout = 0");
      }
      assertSessionWorks(s);
    }
    assertEquals(0, server.server().openResultStreams());
  }

  @Test
  void aCancelStopsAStreamPartWay() throws Exception {
    try (Connection c = cursorSession(); Statement s = c.createStatement()) {
      s.setFetchSize(FETCH_SIZE);
      long[] rows = {0};
      long[] started = {0};
      AtomicBoolean stopped = new AtomicBoolean();
      try {
        SQLException e = assertThrows(SQLException.class, () -> {
          try (ResultSet rs = s.executeQuery(FAST_THEN_BLOCKED)) {
            while (rs.next()) {
              assertEquals(rows[0], rs.getLong(1));
              rows[0]++;
              if (rows[0] == 5000) {
                // A cancel between two Executes finds nothing running and does nothing (as in
                // PostgreSQL): cancel until one lands during an Execute. (Statement.cancel()
                // sends nothing once executeQuery has returned; the connection's does.)
                PGConnection pg = c.unwrap(PGConnection.class);
                started[0] = System.nanoTime();
                Thread.ofPlatform().daemon().start(() -> {
                  while (!stopped.get()) {
                    try {
                      Thread.sleep(200);
                      pg.cancelQuery();
                    } catch (Exception ignored) {
                      return;
                    }
                  }
                });
              }
            }
          }
        });
        long millis = (System.nanoTime() - started[0]) / 1_000_000;
        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("canceling statement due to user request"), e.getMessage());
        assertTrue(rows[0] >= 5000 && rows[0] <= 300_000, rows[0] + " rows");
        assertTrue(millis < STOPPED_WITHIN_MILLIS, "stopped only after " + millis + " ms");
      } finally {
        stopped.set(true);
      }
      c.rollback();
      Thread.sleep(300); // a last cancel in flight does nothing to what follows
      assertSessionWorks(s);
    }
    assertEquals(0, server.server().openResultStreams());
  }

  @Test
  void aCursorIsReleasedByItsCloseAndByTheEndOfItsTransaction() throws Exception {
    String query = "SELECT i FROM range(10000000) t(i)";
    try (Connection c = cursorSession(); Statement s = c.createStatement()) {
      s.setFetchSize(FETCH_SIZE);
      ResultSet rs = s.executeQuery(query);
      for (int i = 0; i < 1500; i++) assertTrue(rs.next());
      assertEquals(1, server.server().openResultStreams());
      rs.close(); // pgjdbc sends the Close of the portal with its next message
      assertSessionWorks(s);
      assertEquals(0, server.server().openResultStreams(), "Close released the cursor inside its transaction");
      try (Statement other = c.createStatement()) {
        other.setFetchSize(FETCH_SIZE);
        ResultSet open = other.executeQuery(query);
        assertTrue(open.next());
        assertEquals(1, server.server().openResultStreams());
        c.commit(); // the portal is closed at the Sync after COMMIT
        assertEquals(0, server.server().openResultStreams(), "the end of the transaction released the cursor");
      }
    }
  }

  @Test
  void aClientThatGoesAwayMidStreamFreesItsStream() throws Exception {
    try (Connection writer = server.connect()) {
      StreamRows.copy(writer, "gone", 0, 50_000);
      // a suspended cursor whose client disappears
      Connection reader = cursorSession();
      Statement s = reader.createStatement();
      s.setFetchSize(FETCH_SIZE);
      ResultSet rs = s.executeQuery("SELECT id FROM otel_logs_and_spans WHERE project_id = 'gone'");
      for (int i = 0; i < 1500; i++) assertTrue(rs.next());
      assertEquals(1, server.server().openResultStreams());
      vanish(reader);
      awaitNoOpenStreams();
      // a COPY TO STDOUT the server is sending when its client disappears
      Connection copier = server.connect();
      CopyOut copy = copier.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT i, md5(i::VARCHAR) FROM range(100000000) t(i)) TO STDOUT");
      for (int i = 0; i < 100; i++) assertTrue(copy.readFromCopy() != null);
      assertEquals(1, server.server().openResultStreams());
      vanish(copier);
      awaitNoOpenStreams();
      // nothing the streams held stops writes and flushes
      StreamRows.copy(writer, "gone", 50_000, 10_000);
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> server.server().flush());
      try (Statement count = writer.createStatement();
          ResultSet r = count.executeQuery("SELECT count(*), count(DISTINCT id) FROM otel_logs_and_spans WHERE project_id = 'gone'")) {
        assertTrue(r.next());
        assertEquals(60_000, r.getLong(1));
        assertEquals(60_000, r.getLong(2));
      }
    }
  }

  /** Closes the client's socket without a word to the server. */
  private static void vanish(Connection c) throws SQLException {
    c.unwrap(BaseConnection.class).getQueryExecutor().abort();
  }

  private static void awaitNoOpenStreams() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.server().openResultStreams() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
    assertEquals(0, server.server().openResultStreams(), "the server closed the stream of the client that went away");
  }

  private static void assertSessionWorks(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT 42")) {
      assertTrue(rs.next());
      assertEquals(42, rs.getInt(1));
    }
  }
}
