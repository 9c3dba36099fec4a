package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inserts and queries through pgjdbc, in the simple and the extended protocol, as drivers send them. */
class InsertAndQueryWireTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  private static Connection connect(String mode) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", TestServer.USER);
    p.setProperty("password", TestServer.PASSWORD);
    p.setProperty("preferQueryMode", mode);
    p.setProperty("prepareThreshold", "1");
    p.setProperty("binaryTransfer", "true");
    return DriverManager.getConnection(server.jdbcUrl(), p);
  }

  private static long count(Connection c, String project) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = ?")) {
      ps.setString(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void simpleProtocolMultiRowInsertIsVisibleAtOnce() throws Exception {
    try (Connection c = connect("simple"); Statement s = c.createStatement()) {
      int n =
          s.executeUpdate(
              "INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration, hashes) VALUES "
                  + "('wire-simple', '2025-01-17 14:30:00', 'a', 5, ARRAY['x','y']),"
                  + "('wire-simple', '2025-01-17 14:31:00', 'b', 7, '{z}')");
      assertEquals(2, n);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name, duration, hashes, date, timestamp FROM otel_logs_and_spans "
                  + "WHERE project_id = 'wire-simple' ORDER BY timestamp")) {
        assertTrue(rs.next());
        assertEquals("a", rs.getString(1));
        assertEquals(5L, rs.getLong(2));
        assertArrayEquals(new String[] {"x", "y"}, (String[]) rs.getArray(3).getArray());
        assertEquals("2025-01-17", rs.getString(4));
        assertEquals(
            OffsetDateTime.parse("2025-01-17T14:30:00Z").toInstant(),
            rs.getObject(5, OffsetDateTime.class).toInstant());
        assertTrue(rs.next());
        assertEquals("b", rs.getString(1));
        assertEquals(false, rs.next());
      }
    }
  }

  @Test
  void keysetPaginationWithRowComparisonParameters() throws Exception {
    try (Connection c = connect("extended"); Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO otel_logs_and_spans (project_id, timestamp, id) VALUES "
              + "('wire-keyset', '2025-01-17 10:00:00', 'a'), ('wire-keyset', '2025-01-17 10:00:00', 'b'), "
              + "('wire-keyset', '2025-01-17 10:00:01', 'c'), ('wire-keyset', '2025-01-17 10:00:01', NULL), "
              + "('wire-keyset', '2025-01-17 09:59:59', 'd')");
      // pages of two, oldest first, each after the last (timestamp, id) of the one before
      List<String> seen = new ArrayList<>();
      try (PreparedStatement page = c.prepareStatement(
          "SELECT timestamp, id FROM otel_logs_and_spans WHERE project_id = 'wire-keyset' AND (timestamp, id) > (?, ?) "
              + "ORDER BY timestamp, id LIMIT 2")) {
        OffsetDateTime lastTime = OffsetDateTime.parse("2025-01-17T09:00:00Z");
        String lastId = "";
        for (int i = 0; i < 4; i++) {
          page.setObject(1, lastTime);
          page.setString(2, lastId);
          try (ResultSet rs = page.executeQuery()) {
            while (rs.next()) {
              lastTime = rs.getObject(1, OffsetDateTime.class);
              lastId = rs.getString(2);
              seen.add(lastId);
            }
          }
        }
      }
      // the row with a NULL id compares as NULL, so no page holds it (as in PostgreSQL; DuckDB's
      // struct comparison sorts NULL last and would add it after c)
      assertEquals(List.of("d", "a", "b", "c"), seen);
    }
  }

  @Test
  void errorsPointAtTheCharacterTheyAreAbout() throws Exception {
    String[] statements = {
      "SELECT 1 FORM otel_logs_and_spans",
      "SELECT id,\n  nosuch FROM otel_logs_and_spans WHERE project_id = 'p'",
      "SELECT upper(id, 1) FROM otel_logs_and_spans WHERE project_id = 'p'",
      "SELECT * FROM nosuchtable",
    };
    // PostgreSQL 15's positions for the same statements (1-based characters)
    int[] positions = {15, 14, 8, 15};
    for (String mode : List.of("simple", "extended")) {
      try (Connection c = connect(mode); Statement s = c.createStatement()) {
        for (int i = 0; i < statements.length; i++) {
          String sql = statements[i];
          org.postgresql.util.PSQLException e =
              assertThrows(org.postgresql.util.PSQLException.class, () -> s.executeQuery(sql), sql);
          assertEquals(positions[i], e.getServerErrorMessage().getPosition(), mode + ": " + sql + " -> " + e.getMessage());
        }
      }
    }
  }

  @Test
  void preparedBatchWithBinaryParameters() throws Exception {
    try (Connection c = connect("extended")) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration, attributes___http___response___status_code, hashes, attributes) "
                  + "VALUES (?, ?, ?, ?, ?, ?, ?::json)")) {
        for (int i = 0; i < 250; i++) {
          ps.setString(1, "wire-batch");
          ps.setObject(2, OffsetDateTime.of(2025, 1, 17, 10, 0, 0, 0, ZoneOffset.UTC).plusSeconds(i));
          ps.setString(3, "op-" + (i % 5));
          ps.setLong(4, 1_000_000L * i);
          ps.setInt(5, i % 2 == 0 ? 200 : 500);
          ps.setArray(6, c.createArrayOf("text", new String[] {"t" + i}));
          ps.setString(7, "{\"i\":" + i + "}");
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertEquals(250, counts.length);
        for (int n : counts) assertEquals(1, n);
      }
      assertEquals(250, count(c, "wire-batch"));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT count(*), sum(duration), max(timestamp) FROM otel_logs_and_spans "
                  + "WHERE project_id = ? AND timestamp >= ? AND attributes___http___response___status_code = ? AND 't4' <> ALL(hashes)")) {
        ps.setString(1, "wire-batch");
        ps.setTimestamp(2, Timestamp.from(Instant.parse("2025-01-17T10:00:00Z")));
        ps.setInt(3, 200);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(124, rs.getLong(1));
          long expected = 0;
          for (int i = 0; i < 250; i += 2) if (i != 4) expected += 1_000_000L * i;
          assertEquals(expected, rs.getLong(2));
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT attributes->>'i' FROM otel_logs_and_spans WHERE project_id = 'wire-batch' AND name = 'op-3' ORDER BY timestamp LIMIT 1")) {
        assertTrue(rs.next());
        assertEquals("3", rs.getString(1));
      }
    }
  }

  @Test
  void unnestOfArrayParametersInsertsEveryElement() throws Exception {
    int n = 1000;
    String[] names = new String[n];
    Timestamp[] ts = new Timestamp[n];
    Long[] durations = new Long[n];
    for (int i = 0; i < n; i++) {
      names[i] = "u" + i;
      ts[i] = Timestamp.from(Instant.parse("2025-02-01T00:00:00Z").plusMillis(i));
      durations[i] = (long) i;
    }
    try (Connection c = connect("extended");
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO otel_logs_and_spans (project_id, name, timestamp, duration) "
                    + "SELECT * FROM UNNEST(?::text[], ?::text[], ?::timestamptz[], ?::int8[])")) {
      String[] projects = new String[n];
      java.util.Arrays.fill(projects, "wire-unnest");
      Array a1 = c.createArrayOf("text", names);
      Array a2 = c.createArrayOf("timestamptz", ts);
      Array a3 = c.createArrayOf("int8", durations);
      ps.setArray(1, c.createArrayOf("text", projects));
      ps.setArray(2, a1);
      ps.setArray(3, a2);
      ps.setArray(4, a3);
      assertEquals(n, ps.executeUpdate());
      assertEquals(n, count(c, "wire-unnest"));
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT sum(duration), count(DISTINCT date) FROM otel_logs_and_spans WHERE project_id = 'wire-unnest'")) {
        rs.next();
        assertEquals((long) n * (n - 1) / 2, rs.getLong(1));
        assertEquals(1, rs.getLong(2));
      }
    }
  }

  @Test
  void expressionsTheFastPathCannotEvaluateGoThroughTheEngine() throws Exception {
    try (Connection c = connect("extended"); Statement s = c.createStatement()) {
      assertEquals(
          1,
          s.executeUpdate(
              "INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration) "
                  + "VALUES ('wire-fallback', TIMESTAMPTZ '2025-01-17 00:00:00+00' + INTERVAL '1 hour', upper('abc'), 2 * 3)"));
      assertEquals(
          3,
          s.executeUpdate(
              "INSERT INTO otel_logs_and_spans (project_id, timestamp, duration) "
                  + "SELECT 'wire-fallback', TIMESTAMPTZ '2025-01-18 00:00:00+00', x FROM range(3) t(x)"));
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name, duration, timestamp FROM otel_logs_and_spans WHERE project_id = 'wire-fallback' AND name IS NOT NULL")) {
        assertTrue(rs.next());
        assertEquals("ABC", rs.getString(1));
        assertEquals(6, rs.getLong(2));
        assertEquals(Instant.parse("2025-01-17T01:00:00Z"), rs.getObject(3, OffsetDateTime.class).toInstant());
      }
      assertEquals(4, count(c, "wire-fallback"));
    }
  }

  @Test
  void aLargeInsertSelectIsStoredWholeOrRefusedWhole() throws Exception {
    String insert = "INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration) "
        + "SELECT 'wire-bulk', TIMESTAMPTZ '2025-03-01 00:00:00+00' + i * INTERVAL '1 second', 'n' || (i %% 7), i "
        + "FROM generate_series(1, %d) t(i)";
    try (Connection c = connect("extended"); Statement s = c.createStatement()) {
      // 200,000 rows: 13 VALUES chunks of at most 65,535 parameters, one WAL record
      assertEquals(200_000, s.executeUpdate(insert.formatted(200_000)));
      try (ResultSet rs = s.executeQuery(
          "SELECT count(*), sum(duration), count(DISTINCT name), min(timestamp) FROM otel_logs_and_spans WHERE project_id = 'wire-bulk'")) {
        assertTrue(rs.next());
        assertEquals(200_000, rs.getLong(1));
        assertEquals(200_000L * 200_001 / 2, rs.getLong(2));
        assertEquals(7, rs.getLong(3));
        assertEquals(Instant.parse("2025-03-01T00:00:01Z"), rs.getObject(4, OffsetDateTime.class).toInstant());
      }
    }
    // Past what one statement may hold (twice a 1 MB buffer): refused whole, the server stays up
    try (TestServer small = TestServer.start(java.util.Map.of("TIMEFUSION_BUFFER_MAX_MEMORY_MB", "1"));
        Connection c = small.connect();
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(insert.formatted(100_000)));
      assertEquals("54000", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("INSERT is too large"), e.getMessage());
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'wire-bulk'")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong(1));
      }
      assertEquals(1_000, s.executeUpdate(insert.formatted(1_000)));
    }
  }

  @Test
  void badRowsAreRejectedWithSqlStateAndNothingIsKept() throws Exception {
    try (Connection c = connect("extended"); Statement s = c.createStatement()) {
      SQLException e =
          assertThrows(
              SQLException.class,
              () ->
                  s.executeUpdate(
                      "INSERT INTO otel_logs_and_spans (project_id, timestamp, duration) VALUES "
                          + "('wire-bad', '2025-01-17 14:30:00', 1), ('wire-bad', 'not a time', 2)"));
      assertEquals("22007", e.getSQLState());
      e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO otel_logs_and_spans (timestamp) VALUES ('2025-01-17 14:30:00')"));
      assertEquals("23502", e.getSQLState());
      e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO otel_logs_and_spans (project_id, timestamp, nope) VALUES ('wire-bad', '2025-01-17', 1)"));
      assertEquals("42703", e.getSQLState());
      e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO nosuchtable (a) VALUES (1)"));
      assertEquals("42P01", e.getSQLState());
      e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO otel_logs_and_spans (project_id, timestamp, duration) VALUES ('wire-bad', '2025-01-17', 'abc')"));
      assertEquals("22P02", e.getSQLState());
      e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT nope FROM otel_logs_and_spans WHERE project_id = 'x'"));
      assertEquals("42703", e.getSQLState());
      assertEquals(0, count(c, "wire-bad"));
    }
  }

  @Test
  void sessionStatementsDriversSendAreAccepted() throws Exception {
    try (Connection c = connect("extended"); Statement s = c.createStatement()) {
      s.execute("SET application_name = 'test'");
      s.execute("SET TIME ZONE 'UTC'");
      try (ResultSet rs = s.executeQuery("SHOW TimeZone")) {
        rs.next();
        assertEquals("UTC", rs.getString(1));
      }
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO otel_logs_and_spans (project_id, timestamp) VALUES ('wire-tx', '2025-01-17 00:00:00')");
      c.commit();
      c.setAutoCommit(true);
      assertEquals(1, count(c, "wire-tx"));
      try (ResultSet rs = s.executeQuery("EXPLAIN SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'wire-tx'")) {
        assertTrue(rs.next());
        assertEquals("QUERY PLAN", rs.getMetaData().getColumnLabel(1));
      }
    }
  }

  @Test
  void largeResultIsFetchedInPortionsWithFetchSize() throws Exception {
    try (Connection c = connect("extended")) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO otel_logs_and_spans (project_id, timestamp, duration) "
                + "SELECT 'wire-fetch', TIMESTAMPTZ '2025-03-01 00:00:00+00' + to_seconds(x), x FROM range(5000) t(x)");
      }
      c.setAutoCommit(false); // pgjdbc uses a portal with a row limit only inside a transaction
      try (Statement s = c.createStatement()) {
        s.setFetchSize(100);
        long rows = 0;
        long sum = 0;
        try (ResultSet rs = s.executeQuery("SELECT duration FROM otel_logs_and_spans WHERE project_id = 'wire-fetch' ORDER BY timestamp")) {
          while (rs.next()) {
            assertEquals(rows, rs.getLong(1));
            sum += rs.getLong(1);
            rows++;
          }
        }
        assertEquals(5000, rows);
        assertEquals(4999L * 5000 / 2, sum);
      }
      c.commit();
    }
  }

  @Test
  void cancelStopsARunningQuery() throws Exception {
    try (Connection c = connect("extended"); Statement s = c.createStatement()) {
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      Thread canceller =
          Thread.ofPlatform().start(() -> {
            // A cancel that arrives before the query starts is a no-op, as in PostgreSQL: repeat.
            try {
              while (!done.get()) {
                Thread.sleep(300);
                s.cancel();
              }
            } catch (Exception ignored) {
              // the assertion below reports a missing cancel
            }
          });
      SQLException e;
      try {
        e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3"));
      } finally {
        done.set(true);
        canceller.join();
      }
      assertEquals("57014", e.getSQLState());
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
    }
  }

  @Test
  void longQueriesOnEveryCoreDoNotStallOtherSessions() throws Exception {
    int busy = Runtime.getRuntime().availableProcessors() + 1;
    List<Connection> conns = new ArrayList<>();
    List<Statement> statements = new ArrayList<>();
    List<Thread> runners = new ArrayList<>();
    try {
      for (int i = 0; i < busy; i++) {
        Connection c = connect("extended");
        conns.add(c);
        Statement s = c.createStatement();
        statements.add(s);
        runners.add(Thread.ofPlatform().start(() -> {
          try {
            s.executeQuery("SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3");
          } catch (SQLException expected) {
            // cancelled below
          }
        }));
      }
      Thread.sleep(500);
      long started = System.nanoTime();
      try (Connection c = connect("extended"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
      long ms = (System.nanoTime() - started) / 1_000_000;
      assertTrue(ms < 10_000, "a new session waited " + ms + " ms behind long queries");
    } finally {
      for (int round = 0; round < 100 && runners.stream().anyMatch(Thread::isAlive); round++) {
        for (Statement s : statements) s.cancel();
        Thread.sleep(200);
      }
      for (Connection c : conns) c.close();
    }
  }

  @Test
  void resultColumnsCarryPostgresTypes() throws Exception {
    try (Connection c = connect("extended"); Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO otel_logs_and_spans (project_id, timestamp, duration, attributes___http___response___status_code, attributes, hashes) "
              + "VALUES ('wire-types', '2025-01-17 14:30:00', 10, 200, '{\"a\":1}', ARRAY['h'])");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT duration, attributes___http___response___status_code, attributes, hashes, timestamp, date, 1.5::float8, true, "
                  + "CAST(2.50 AS NUMERIC(10,2)) FROM otel_logs_and_spans WHERE project_id = 'wire-types'")) {
        var md = rs.getMetaData();
        String[] expected = {"int8", "int4", "json", "_text", "timestamptz", "date", "float8", "bool", "numeric"};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], md.getColumnTypeName(i + 1), "column " + (i + 1));
      }
    }
  }

  @Test
  void integerAverageIsNumericWithPostgresDisplayScale() throws Exception {
    try (Connection c = connect("extended"); Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO otel_logs_and_spans (project_id, timestamp, name, duration) VALUES "
              + "('wire-avg', '2025-01-17 14:30:00', 'one', 1), ('wire-avg', '2025-01-17 14:31:00', 'pair', 10000),"
              + "('wire-avg', '2025-01-17 14:32:00', 'pair', 20000)");
    }
    // The text (simple) and binary (extended, binaryTransfer) forms carry the same scale.
    for (String mode : List.of("simple", "extended")) {
      try (Connection c = connect(mode);
          PreparedStatement ps = c.prepareStatement(
              "SELECT name, AVG(duration), AVG(duration::float8), AVG(duration) OVER (ORDER BY timestamp ROWS 1 PRECEDING)"
                  + " FROM otel_logs_and_spans WHERE project_id = ? GROUP BY name, duration, timestamp ORDER BY timestamp")) {
        ps.setString(1, "wire-avg");
        try (ResultSet rs = ps.executeQuery()) {
          var md = rs.getMetaData();
          assertEquals(List.of("text", "numeric", "float8", "numeric"),
              List.of(md.getColumnTypeName(1), md.getColumnTypeName(2), md.getColumnTypeName(3), md.getColumnTypeName(4)), mode);
          List<String> rows = new ArrayList<>();
          while (rs.next()) {
            rows.add(rs.getString(1) + " " + rs.getBigDecimal(2).toPlainString() + " " + rs.getString(3) + " " + rs.getBigDecimal(4).toPlainString());
          }
          // As PostgreSQL 15 answers: 1 / 1 keeps 20 digits, 10000 / 1 16 and 20000 / 1 12.
          assertEquals(List.of(
              "one 1.00000000000000000000 1 1.00000000000000000000",
              "pair 10000.0000000000000000 10000 5000.5000000000000000",
              "pair 20000.000000000000 20000 15000.000000000000"), rows, mode);
        }
      }
    }
  }
}
