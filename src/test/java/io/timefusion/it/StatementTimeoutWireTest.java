package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * statement_timeout, TIMEFUSION_PGWIRE_MAX_STATEMENT_SECS and cancel stop a DuckDB query that
 * would run for minutes, with pgjdbc and psql; the session goes on afterwards.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StatementTimeoutWireTest {
  /** Minutes of work for DuckDB on this machine, against no table (so no tenant guard). */
  private static final String LONG_QUERY = "SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3";
  /** Far below the minutes the query needs; generous for a loaded machine. */
  private static final long STOPPED_WITHIN_MILLIS = 30_000;

  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  @Test
  void setStatementTimeoutStopsALongQuery() throws Exception {
    for (String mode : List.of("extended", "simple")) {
      try (Connection c = DriverManager.getConnection(server.jdbcUrl() + "?preferQueryMode=" + mode, TestServer.USER, TestServer.PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("SET statement_timeout = '100ms'");
        assertTimesOut(s, "statement timeout");
        try (ResultSet rs = s.executeQuery("SELECT 42")) {
          assertTrue(rs.next());
          assertEquals(42, rs.getInt(1), "the session works after the timeout");
        }
        assertEquals("100ms", show(s));
      }
    }
  }

  @Test
  void settingValuesAsPostgresTakesThem() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      assertEquals("0", show(s));
      for (String[] v : new String[][] {{"5000", "5s"}, {"'2s'", "2s"}, {"'1min'", "1min"}, {"'250ms'", "250ms"}, {"0", "0"}}) {
        s.execute("SET statement_timeout = " + v[0]);
        assertEquals(v[1], show(s), v[0]);
      }
      s.execute("SET statement_timeout TO '1.5s'");
      assertEquals("1500ms", show(s));
      assertEquals("22023", assertThrows(SQLException.class, () -> s.execute("SET statement_timeout = 'soon'")).getSQLState());
      assertEquals("1500ms", show(s), "a refused value leaves the setting as it was");
      s.execute("RESET statement_timeout");
      assertEquals("0", show(s));
      s.execute("SET statement_timeout = '3s'");
      s.execute("RESET ALL");
      assertEquals("0", show(s));
      s.execute("SET statement_timeout = 0");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM range(1000000)")) {
        assertTrue(rs.next());
        assertEquals(1_000_000, rs.getLong(1), "0 disables the timeout");
      }
    }
  }

  @Test
  void psqlPrintsTheTimeoutAndGoesOn() throws Exception {
    Psql.Output out = Psql.run(server.port(), "sslmode=disable", TestServer.PASSWORD,
        "-c", "SET statement_timeout = '100ms'", "-c", LONG_QUERY, "-c", "SELECT 42 AS after");
    assertTrue(out.stderr().contains("ERROR:  canceling statement due to statement timeout"), out.stderr());
    assertTrue(out.stdout().contains("42"), out.stdout());
  }

  @Test
  void psqlCtrlCCancelsTheRunningQuery() throws Exception {
    long started = System.nanoTime();
    Psql.Output out = Psql.runAndInterrupt(server.port(), "sslmode=disable", TestServer.PASSWORD, LONG_QUERY);
    assertTrue(out.stderr().contains("ERROR:  canceling statement due to user request"), out.stderr());
    assertEquals(1, out.exit());
    assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(STOPPED_WITHIN_MILLIS), "psql ran too long");
  }

  @Test
  void theServerLimitStopsQueriesWhateverTheSessionSets() throws Exception {
    try (TestServer limited = TestServer.start(Map.of("TIMEFUSION_PGWIRE_MAX_STATEMENT_SECS", "1"));
        Connection c = limited.connect();
        Statement s = c.createStatement()) {
      assertTimesOut(s, "statement timeout");
      s.execute("SET statement_timeout = '1h'");
      assertTimesOut(s, "statement timeout");
      try (ResultSet rs = s.executeQuery("SELECT 42")) {
        assertTrue(rs.next());
      }
      // an INSERT ... SELECT whose query times out stores nothing
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(
          "INSERT INTO otel_logs_and_spans (project_id, timestamp, name) SELECT 'timeout', TIMESTAMP '2025-01-17 14:30:00', "
              + "count(*)::VARCHAR FROM range(100000000000) t(x) WHERE x % 7 = 3"));
      assertEquals("57014", e.getSQLState(), e.getMessage());
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'timeout'")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong(1));
      }
    }
  }

  private static void assertTimesOut(Statement s, String reason) {
    long started = System.nanoTime();
    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(LONG_QUERY));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("57014", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("canceling statement due to " + reason), e.getMessage());
    assertTrue(millis < STOPPED_WITHIN_MILLIS, "stopped only after " + millis + " ms");
  }

  private static String show(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }
}
