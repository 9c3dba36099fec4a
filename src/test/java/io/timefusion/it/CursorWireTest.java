package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SQL cursors (DECLARE, FETCH, MOVE, CLOSE) sent by pgjdbc as SQL, in the simple and the extended
 * protocol (with binary results), and by psql's FETCH_COUNT: rows stream from the snapshot the
 * DECLARE saw, in the order of the query, each once; cursors close with their transaction unless
 * declared WITH HOLD; the query of a DECLARE is guarded like any query; errors carry PostgreSQL's
 * SQLSTATEs. psycopg's named cursors are in {@code psycopg_client.py}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CursorWireTest {
  /** Far too many rows to compute before the first FETCH: a cursor over it works only if it streams. */
  private static final String ENDLESS = "SELECT i, i * 2 AS twice FROM range(10000000000) t(i)";

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

  /** pgjdbc in the simple query protocol, the extended protocol, and the extended protocol with binary results. */
  private static Connection connect(String mode) throws SQLException {
    String params = switch (mode) {
      case "simple" -> "?preferQueryMode=simple";
      case "extended" -> "?prepareThreshold=0";
      case "binary" -> "?prepareThreshold=-1&binaryTransfer=true";
      default -> throw new IllegalArgumentException(mode);
    };
    return DriverManager.getConnection(server.jdbcUrl() + params, TestServer.USER, TestServer.PASSWORD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended", "binary"})
  void fetchAndMoveStreamTheRowsOfTheQueryInOrder(String mode) throws Exception {
    try (Connection c = connect(mode); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      assertFalse(s.execute("DECLARE c NO SCROLL CURSOR WITHOUT HOLD FOR " + ENDLESS));
      assertEquals(1, server.server().openResultStreams(), "the cursor's result streams");
      long next = 0;
      next = fetch(s, "FETCH 1000 FROM c", next, 1000);
      next = fetch(s, "FETCH c", next, 1);
      next = fetch(s, "FETCH NEXT IN c", next, 1);
      next = fetch(s, "FETCH FORWARD 5000 c", next, 5000);
      assertEquals(2500, move(s, "MOVE 2500 IN c"));
      next += 2500;
      next = fetch(s, "fetch forward from c", next, 1);
      next = fetch(s, "FETCH 3 c", next, 3);
      assertEquals(1, move(s, "MOVE RELATIVE 10 FROM c"));
      next += 10;
      next = fetch(s, "FETCH RELATIVE 1 FROM c", next, 1);
      next = fetch(s, "FETCH ABSOLUTE " + (next + 5) + " FROM c", next + 4, 1);
      assertEquals(8522, next);
      s.execute("CLOSE c");
      assertEquals(0, server.server().openResultStreams(), "CLOSE released the cursor");

      // FETCH ALL / MOVE ALL to the end, then nothing more; a quoted name keeps its case
      s.execute("DECLARE \"Small\" CURSOR FOR SELECT i FROM range(2500) t(i)");
      fetch(s, "FETCH ALL FROM \"Small\"", 0, 2500);
      fetch(s, "FETCH FORWARD ALL FROM \"Small\"", 0, 0);
      fetch(s, "FETCH \"Small\"", 0, 0);
      assertEquals(0, move(s, "MOVE ALL \"Small\""));
      s.execute("DECLARE other CURSOR FOR SELECT i FROM range(2500) t(i)");
      assertEquals(2500, move(s, "MOVE FORWARD ALL IN other"));
      fetch(s, "FETCH other", 0, 0);
      s.execute("CLOSE ALL");
      assertThrowsState("34000", "cursor \"Small\" does not exist", s, "FETCH \"Small\"");
      c.rollback();
      assertEquals(0, server.server().openResultStreams());
    }
  }

  /** Runs a FETCH and checks it returned {@code rows} rows numbered from {@code from}; returns the next number. */
  private static long fetch(Statement s, String sql, long from, int rows) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals("int8", md.getColumnTypeName(1), sql);
      long n = from;
      while (rs.next()) {
        assertEquals(n, rs.getLong(1), sql);
        if (md.getColumnCount() > 1) assertEquals(2 * n, rs.getLong(2), sql);
        n++;
      }
      assertEquals(rows, n - from, sql);
      return n;
    }
  }

  /** Runs a MOVE and returns the count of its command tag. */
  private static int move(Statement s, String sql) throws SQLException {
    assertFalse(s.execute(sql), sql);
    return s.getUpdateCount();
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended", "binary"})
  void fetchedRowsHaveTheQuerysColumnTypes(String mode) throws Exception {
    try (Connection w = server.connect(); Statement ws = w.createStatement()) {
      ws.execute("INSERT INTO otel_logs_and_spans (project_id, timestamp, id, name, duration, hashes, attributes___http___response___status_code) "
          + "VALUES ('typed-" + mode + "', '2025-01-17 14:30:00.25+00', 'span-1', 'GET /', 1500, ARRAY['a', 'b'], 200)");
    }
    try (Connection c = connect(mode); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("DECLARE typed CURSOR FOR SELECT timestamp, name, duration, hashes, attributes___http___response___status_code AS status, "
          + "1.5::numeric(10,2) AS price, true AS ok, NULL::text AS nothing "
          + "FROM otel_logs_and_spans WHERE project_id = 'typed-" + mode + "'");
      try (ResultSet rs = s.executeQuery("FETCH ALL FROM typed")) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) types.add(md.getColumnTypeName(i));
        assertEquals(List.of("timestamptz", "text", "int8", "_text", "int4", "numeric", "bool", "text"), types);
        assertTrue(rs.next());
        assertEquals(OffsetDateTime.of(2025, 1, 17, 14, 30, 0, 250_000_000, ZoneOffset.UTC), rs.getObject(1, OffsetDateTime.class));
        assertEquals("GET /", rs.getString(2));
        assertEquals(1500L, rs.getLong(3));
        assertEquals(List.of("a", "b"), List.of((Object[]) rs.getArray(4).getArray()));
        assertEquals(200, rs.getInt(5));
        assertEquals(new BigDecimal("1.50"), rs.getBigDecimal(6));
        assertTrue(rs.getBoolean(7));
        assertEquals(null, rs.getString(8));
        assertFalse(rs.next());
      }
      c.commit();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended"})
  void errorsAsInPostgres(String mode) throws Exception {
    try (Connection c = connect(mode); Statement s = c.createStatement()) {
      // outside a transaction block, only WITH HOLD
      assertThrowsState("25P01", "DECLARE CURSOR can only be used in transaction blocks", s, "DECLARE c CURSOR FOR SELECT 1");
      assertThrowsState("25P01", "DECLARE CURSOR can only be used in transaction blocks", s, "DECLARE c CURSOR WITHOUT HOLD FOR SELECT 1");
      assertThrowsState("34000", "cursor \"nope\" does not exist", s, "FETCH 10 FROM nope");
      assertThrowsState("34000", "cursor \"nope\" does not exist", s, "MOVE nope");
      assertThrowsState("34000", "cursor \"nope\" does not exist", s, "CLOSE nope");
      c.setAutoCommit(false);
      s.execute("DECLARE c CURSOR FOR SELECT 1");
      assertThrowsState("42P03", "cursor \"c\" already exists", s, "DECLARE c CURSOR FOR SELECT 2");
      c.rollback();
      // forward only
      assertThrowsState("0A000", "SCROLL", s, "DECLARE c SCROLL CURSOR FOR SELECT 1");
      c.rollback();
      s.execute("DECLARE c CURSOR FOR SELECT i FROM range(10) t(i)");
      fetch(s, "FETCH 2 FROM c", 0, 2);
      for (String backward : List.of("FETCH BACKWARD 1 FROM c", "FETCH PRIOR c", "FETCH -1 c", "FETCH 0 c", "MOVE BACKWARD ALL c",
          "FETCH ABSOLUTE 1 c", "FETCH LAST c", "FETCH RELATIVE -1 c")) {
        assertThrowsState("55000", "cursor can only scan forward", s, backward);
        c.rollback();
        s.execute("DECLARE c CURSOR FOR SELECT i FROM range(10) t(i)");
        fetch(s, "FETCH 2 FROM c", 0, 2);
      }
      c.rollback();
      // the query of a DECLARE is a query like any other: lockdown, tenant guard, read only
      for (String query : List.of("SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM '/etc/hostname'",
          "SELECT count(*) FROM tf_buffer.otel_logs_and_spans_g1", "SELECT * FROM otel_logs_and_spans")) {
        assertThrowsState("42501", "", s, "DECLARE c CURSOR FOR " + query);
        c.rollback();
        assertThrowsState("42501", "", s, "DECLARE c CURSOR WITH HOLD FOR " + query);
        c.rollback();
      }
      assertThrowsState("42601", "syntax error", s, "DECLARE c CURSOR FOR EXPLAIN SELECT 1");
      c.rollback();
      assertThrowsState("42601", "syntax error", s, "DECLARE c CURSOR FOR INSERT INTO otel_logs_and_spans (project_id) VALUES ('x')");
      c.rollback();
      assertThrowsState("42601", "syntax error", s, "DECLARE c CURSOR SELECT 1");
      c.rollback();
      assertThrowsState("0A000", "", s, "DECLARE c CURSOR FOR WITH d AS (SELECT 'x' AS p) INSERT INTO otel_logs_and_spans (project_id) SELECT p FROM d");
      c.rollback();
      // an error ends the transaction's cursors at once
      s.execute("DECLARE c CURSOR FOR " + ENDLESS);
      assertEquals(1, server.server().openResultStreams());
      assertThrows(SQLException.class, () -> s.execute("SELECT 1/0 FROM no_such_table"));
      assertEquals(0, server.server().openResultStreams());
      c.rollback();
      assertThrowsState("34000", "cursor \"c\" does not exist", s, "FETCH c");
      c.rollback();
    }
    assertEquals(0, server.server().openResultStreams());
  }

  private static void assertThrowsState(String state, String message, Statement s, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
    assertEquals(state, e.getSQLState(), sql + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(message), sql + ": " + e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended"})
  void cursorsWithoutHoldCloseWithTheirTransactionAndWithHoldOnesWithTheSession(String mode) throws Exception {
    try (Connection c = connect(mode); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("DECLARE plain CURSOR FOR " + ENDLESS);
      s.execute("DECLARE held CURSOR WITH HOLD FOR " + ENDLESS);
      fetch(s, "FETCH 10 FROM plain", 0, 10);
      fetch(s, "FETCH 10 FROM held", 0, 10);
      c.commit();
      assertThrowsState("34000", "cursor \"plain\" does not exist", s, "FETCH plain");
      c.rollback();
      assertEquals(1, server.server().openResultStreams(), "only the cursor WITH HOLD is open");
      // a cursor WITH HOLD goes on after its transaction, also outside a transaction block
      fetch(s, "FETCH 10 FROM held", 10, 10);
      c.setAutoCommit(true);
      fetch(s, "FETCH 10 FROM held", 20, 10);
      s.execute("DECLARE later CURSOR WITH HOLD FOR SELECT i FROM range(5) t(i)");
      fetch(s, "FETCH ALL later", 0, 5);
      s.execute("CLOSE later");
      // ROLLBACK closes the cursors of its transaction, WITH HOLD ones too, but not those of an earlier one
      c.setAutoCommit(false);
      s.execute("DECLARE plain CURSOR FOR SELECT 1");
      s.execute("DECLARE held2 CURSOR WITH HOLD FOR SELECT 1");
      c.rollback();
      assertThrowsState("34000", "cursor \"plain\" does not exist", s, "FETCH plain");
      c.rollback();
      assertThrowsState("34000", "cursor \"held2\" does not exist", s, "FETCH held2");
      c.rollback();
      fetch(s, "FETCH 10 FROM held", 30, 10);
      c.commit();
      assertEquals(1, server.server().openResultStreams());
    }
    // the end of the session closes the cursor WITH HOLD it left open
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.server().openResultStreams() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
    assertEquals(0, server.server().openResultStreams());
  }

  @Test
  void aCursorInAMultiStatementQueryLivesUntilItsEnd() throws Exception {
    try (Connection c = connect("simple"); Statement s = c.createStatement()) {
      // one Query message: an implicit transaction block, as in PostgreSQL
      assertFalse(s.execute("DECLARE c CURSOR FOR SELECT i FROM range(3) t(i); MOVE 1 IN c; FETCH ALL c"));
      assertFalse(s.getMoreResults());
      assertEquals(1, s.getUpdateCount(), "MOVE 1");
      assertTrue(s.getMoreResults());
      try (ResultSet rs = s.getResultSet()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
        assertTrue(rs.next());
        assertEquals(2, rs.getLong(1));
        assertFalse(rs.next());
      }
      assertThrowsState("34000", "cursor \"c\" does not exist", s, "FETCH c");
    }
    assertEquals(0, server.server().openResultStreams());
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "extended"})
  void aCursorReadsTheSnapshotOfItsDeclare(String mode) throws Exception {
    String project = "cursor-snapshot-" + mode;
    try (Connection writer = server.connect(); Connection c = connect(mode); Statement s = c.createStatement()) {
      StreamRows.copy(writer, project, 0, 30_000);
      server.server().flush(); // rows 0 to 29999 in Delta files
      StreamRows.copy(writer, project, 30_000, 20_000); // rows 30000 to 49999 in the buffer
      c.setAutoCommit(false);
      s.execute("DECLARE snap CURSOR FOR SELECT id, duration FROM otel_logs_and_spans WHERE project_id = '" + project + "'");
      s.execute("DECLARE held CURSOR WITH HOLD FOR SELECT id, duration FROM otel_logs_and_spans WHERE project_id = '" + project + "'");
      java.util.BitSet seen = new java.util.BitSet();
      java.util.BitSet seenHeld = new java.util.BitSet();
      assertEquals(1000, read(s, "FETCH 1000 FROM snap", seen));
      // rows written after the DECLARE, a flush that moves the buffer the cursor reads to Delta, more rows
      StreamRows.copy(writer, project, 50_000, 10_000);
      server.server().flush();
      StreamRows.copy(writer, project, 60_000, 5_000);
      c.commit(); // snap closes; held goes on with its snapshot
      c.setAutoCommit(false);
      s.execute("DECLARE snap CURSOR FOR SELECT id, duration FROM otel_logs_and_spans WHERE project_id = '" + project + "'");
      seen.clear();
      while (read(s, "FETCH 7000 FROM snap", seen) > 0) {}
      assertEquals(65_000, seen.cardinality(), "a cursor declared now sees every row");
      c.commit();
      while (read(s, "FETCH 7000 FROM held", seenHeld) > 0) {}
      assertEquals(50_000, seenHeld.cardinality(), "the rows of the snapshot at DECLARE");
      assertEquals(50_000, seenHeld.nextClearBit(0), "none missing, none written after it");
      s.execute("CLOSE held");
      c.commit();
    }
    assertEquals(0, server.server().openResultStreams());
  }

  /** Reads a FETCH of StreamRows rows into {@code seen}, each at most once; returns the rows read. */
  private static int read(Statement s, String sql, java.util.BitSet seen) throws SQLException {
    int n = 0;
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        long row = StreamRows.number(rs.getString(1));
        assertEquals(row, rs.getLong(2));
        assertFalse(seen.get((int) row), "row " + row + " twice");
        seen.set((int) row);
        n++;
      }
    }
    return n;
  }

  @Test
  void psqlFetchCountReadsThroughACursor() throws Exception {
    Psql.Output out = Psql.run(server.port(), "sslmode=disable", TestServer.PASSWORD,
        "-c", "\\set FETCH_COUNT 100", "-c", "SELECT i, md5(i::text) FROM generate_series(1, 1050) i");
    assertEquals(0, out.exit(), out.stderr());
    List<String> lines = out.stdout().lines().toList();
    assertEquals(1050, lines.size(), out.stdout());
    for (int i = 1; i <= 1050; i++) assertTrue(lines.get(i - 1).startsWith(i + "|"), lines.get(i - 1));
    // a query failing part-way: psql reports the error after the rows of the first FETCHes
    Psql.Output failed = Psql.run(server.port(), "sslmode=disable", TestServer.PASSWORD, "-c", "\\set FETCH_COUNT 100",
        "-c", "SELECT i, CASE WHEN i = 250 THEN error('boom') ELSE i END FROM generate_series(1, 1000) i", "-c", "SELECT 42");
    assertTrue(failed.stderr().contains("boom"), failed.stderr());
    assertEquals(0, server.server().openResultStreams());
  }
}
