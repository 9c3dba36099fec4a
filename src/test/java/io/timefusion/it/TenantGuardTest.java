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
          // an ON condition does not filter the side a join keeps whole
          "SELECT count(*) FROM otel_logs_and_spans a LEFT JOIN otel_logs_and_spans b"
              + " ON a.id = b.parent_id AND a.project_id = 'a' WHERE b.project_id = 'a'",
          "SELECT count(*) FROM otel_logs_and_spans a FULL JOIN otel_logs_and_spans b"
              + " ON a.id = b.parent_id AND a.project_id = 'a' AND b.project_id = 'a'",
          "SELECT count(*) FROM otel_logs_and_spans WHERE (project_id = 'a' AND name = 'x') OR name = 'y'",
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
          "SELECT count(*) FROM otel_logs_and_spans a LEFT JOIN otel_logs_and_spans b"
              + " ON a.id = b.parent_id AND b.project_id = 'a' WHERE a.project_id = 'a'",
          "SELECT count(*) FROM otel_logs_and_spans a JOIN otel_logs_and_spans b"
              + " ON a.id = b.parent_id AND a.project_id = 'a' AND b.project_id = 'a'",
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'a' AND name = 'x' OR project_id = 'b' AND level IS NULL",
          "SELECT count(*) FROM otel_logs_and_spans WHERE (name = 'x' AND project_id = 'a') OR project_id IN ('b', 'c')",
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id = ANY(ARRAY['a', 'b'])",
          "SELECT count(*) FROM otel_logs_and_spans WHERE project_id = ANY(ARRAY['a']::text[])",
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
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = ANY(?)")) {
        ps.setArray(1, c.createArrayOf("text", new String[] {"a", "b"}));
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

  /**
   * Predicates found in ON clauses and OR branches also prune files, so they must only bound the
   * rows they filter: the kept side of an outer join and a branch's other conjuncts are not bounded.
   */
  @Test
  void joinConditionsAndOrBranchesBoundOnlyTheRowsTheyFilter() throws Exception {
    try (TestServer server = TestServer.start(); Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO otel_logs_and_spans (project_id, timestamp, id, parent_id, name) VALUES"
          + " ('p', '2025-03-01 10:00:00+00', 'p1', NULL, 'root'), ('p', '2025-03-01 10:00:01+00', 'p2', 'p1', 'child'),"
          + " ('q', '2025-03-01 10:00:02+00', 'q1', 'p1', 'other'), ('q', '2025-03-02 10:00:00+00', 'q2', NULL, 'x')");
      server.server().flush(); // one file per project and day: pruning has files to drop
      assertEquals(List.of("p1|", "p2|"), rows(s,
          "SELECT a.id, b.id FROM otel_logs_and_spans a LEFT JOIN otel_logs_and_spans b"
              + " ON a.id = b.parent_id AND a.project_id = 'q' AND b.project_id = 'p' WHERE a.project_id = 'p' ORDER BY 1"));
      assertEquals(List.of("p1|p2", "p2|"), rows(s,
          "SELECT a.id, b.id FROM otel_logs_and_spans a LEFT JOIN otel_logs_and_spans b"
              + " ON a.id = b.parent_id AND b.project_id = 'p' WHERE a.project_id = 'p' ORDER BY 1"));
      assertEquals(List.of("p1|q1"), rows(s,
          "SELECT a.id, b.id FROM otel_logs_and_spans a JOIN otel_logs_and_spans b"
              + " ON a.id = b.parent_id AND a.project_id = 'p' AND b.project_id = 'q' ORDER BY 1"));
      assertEquals(List.of("p2|", "q2|"), rows(s,
          "SELECT id, '' FROM otel_logs_and_spans WHERE (project_id = 'p' AND name = 'child')"
              + " OR (project_id = 'q' AND timestamp >= '2025-03-02') ORDER BY 1"));
    }
  }

  private static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> out = new java.util.ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1) + "|" + (rs.getString(2) == null ? "" : rs.getString(2)));
    }
    return out;
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
