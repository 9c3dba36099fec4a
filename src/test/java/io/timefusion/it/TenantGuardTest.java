package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TIMEFUSION_REQUIRE_PROJECT_FILTER (on by default): every reference to a stored table needs a
 * project_id predicate of its own, however the query is nested; other queries are not affected.
 */
class TenantGuardTest {
  private static final List<String> REFUSED =
      List.of(
          "SELECT count(*) FROM otel_logs_and_spans",
          "SELECT count(*) FROM otel_logs_and_spans WHERE name = 'x' OR project_id = 'a'",
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id <> 'a'",
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id LIKE 'a%'",
          "SELECT count(*) FROM otel_logs_and_spans a JOIN otel_logs_and_spans b ON a.id = b.parent_id WHERE a.project_id = 'a'",
          "SELECT * FROM (SELECT * FROM otel_logs_and_spans) t WHERE project_id = 'a'",
          "WITH x AS (SELECT * FROM otel_logs_and_spans) SELECT count(*) FROM x WHERE project_id = 'a'",
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'a' AND id IN (SELECT parent_id FROM otel_logs_and_spans)",
          "SELECT count(*) FROM otel_metrics",
          "SELECT 1 UNION ALL SELECT count(*) FROM otel_logs_and_spans",
          "SELECT unnest(hashes) AS tag, count(*) FROM otel_logs_and_spans GROUP BY 1");

  private static final List<String> ALLOWED =
      List.of(
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'a'",
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id IN ('a', 'b') AND name = 'x'",
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'a' OR project_id = 'b'",
          "SELECT count(*) FROM otel_logs_and_spans t WHERE t.project_id = 'a'",
          "SELECT unnest(hashes) AS tag, count(*) FROM otel_logs_and_spans WHERE project_id = 'a' GROUP BY 1",
          "SELECT count(*) FROM otel_logs_and_spans a JOIN otel_logs_and_spans b ON a.id = b.parent_id"
              + " WHERE a.project_id = 'a' AND b.project_id = 'a'",
          "WITH x AS (SELECT * FROM otel_logs_and_spans WHERE project_id = 'a') SELECT count(*) FROM x",
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'a'"
              + " AND id IN (SELECT parent_id FROM otel_logs_and_spans WHERE project_id = 'a')",
          "SELECT count(*) FROM otel_metrics WHERE project_id = 'a'",
          "SELECT * FROM timefusion_stats",
          "SELECT 1",
          "SELECT 'otel_logs_and_spans' AS name");

  @Test
  void queriesWithoutAProjectPredicateOnEveryReferenceAreRefused() throws Exception {
    try (TestServer server = TestServer.start(); Connection c = server.connect(); Statement s = c.createStatement()) {
      for (String sql : REFUSED) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql).close(), sql);
        assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
      }
      for (String sql : ALLOWED) s.executeQuery(sql).close();
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = ?")) {
        ps.setString(1, "a");
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(0, rs.getLong(1));
        }
      }
      // the session goes on after a refusal
      try (ResultSet rs = s.executeQuery("SELECT 42")) {
        rs.next();
        assertEquals(42, rs.getInt(1));
      }
    }
  }

  @Test
  void theGuardCanBeTurnedOff() throws Exception {
    try (TestServer server = TestServer.start(Map.of("TIMEFUSION_REQUIRE_PROJECT_FILTER", "false"));
        Connection c = server.connect();
        Statement s = c.createStatement()) {
      for (String sql : REFUSED) s.executeQuery(sql).close();
    }
  }
}
