package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time bounds that dashboards compute from the statement's time prune files as literal ones do:
 * {@code current_timestamp} and {@code CURRENT_DATE} (which DuckDB parses as column names),
 * PostgreSQL's {@code 'today'}, {@code 'tomorrow'} and {@code 'now'}, and {@code date_trunc} of a
 * constant; and bounds on the seconds since the epoch ({@code extract(epoch FROM timestamp)},
 * {@code date_part('epoch', timestamp)}). Every answer equals the answer of the same bound on {@code timestamp + INTERVAL '0
 * seconds'}, which cannot prune. The rows are of 2026-11-01, before any day the suite runs on.
 */
class TimeBoundPruningTest {
  private static TestServer server;

  /** 4 files of project p: hour h of 2026-11-01 holds 10 rows, one flush per hour. */
  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"));
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      for (int h = 0; h < 4; h++) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          rows.add("('p', TIMESTAMPTZ '2026-11-01 0" + h + ":00:00+00' + INTERVAL '" + i + " minutes', 'p-" + h + "-" + i + "')");
        }
        s.execute("INSERT INTO otel_logs_and_spans (project_id, timestamp, id) VALUES " + String.join(", ", rows));
        server.server().flush();
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  private static List<String> ids(Connection c, String where) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM otel_logs_and_spans WHERE project_id = 'p' AND " + where + " ORDER BY id")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  private static void check(Connection c, String bound, int rows, int files) throws Exception {
    check(c, "timestamp " + bound, "timestamp + INTERVAL '0 seconds' " + bound, rows, files);
  }

  /** {@code unpruned}: the same predicate written so that it cannot prune. */
  private static void check(Connection c, String where, String unpruned, int rows, int files) throws Exception {
    List<String> found = ids(c, where);
    assertEquals(rows, found.size(), where);
    assertEquals(ids(c, unpruned), found, where);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM otel_logs_and_spans WHERE project_id = 'p' AND " + where)) {
      rs.next();
      assertTrue(rs.getString(1).contains(": " + files + " of 4 Delta files"), where + ": " + rs.getString(1));
    }
  }

  @Test
  void boundsFromTheStatementsTimePrune() throws Exception {
    try (Connection c = server.connect()) {
      check(c, "> current_timestamp - INTERVAL '1 hour'", 0, 0);
      check(c, ">= CURRENT_DATE", 0, 0);
      check(c, "< current_date", 40, 4);
      check(c, ">= 'today'", 0, 0);
      check(c, "> 'now'", 0, 0);
      check(c, "< 'tomorrow'", 40, 4);
      check(c, ">= 'yesterday'::timestamptz - INTERVAL '1 day'", 0, 0);
      check(c, ">= date_trunc('hour', TIMESTAMPTZ '2026-11-01 02:30:00+00')", 20, 2);
      check(c, "< date_trunc('day', TIMESTAMPTZ '2026-11-01 12:00:00+00') + INTERVAL '90 minutes'", 20, 2);
    }
  }

  /** Seconds since the epoch grow with the timestamp: bounds on them bound it (1793491200 is 2026-11-01 00:00 UTC). */
  @Test
  void boundsOnEpochSecondsPrune() throws Exception {
    String ts = "timestamp + INTERVAL '0 seconds'";
    try (Connection c = server.connect()) {
      check(c, "extract(epoch FROM timestamp) >= 1793498400", "extract(epoch FROM " + ts + ") >= 1793498400", 20, 2);
      check(c, "1793498400 <= extract(epoch FROM timestamp)", "1793498400 <= extract(epoch FROM " + ts + ")", 20, 2);
      check(c, "extract(epoch FROM timestamp) BETWEEN 1793494800 AND 1793495400",
          "extract(epoch FROM " + ts + ") BETWEEN 1793494800 AND 1793495400", 10, 1);
      check(c, "date_part('epoch', timestamp) < 1793493000", "date_part('epoch', " + ts + ") < 1793493000", 10, 1);
    }
  }
}
