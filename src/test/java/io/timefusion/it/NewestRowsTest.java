package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The log-list shape ({@code ORDER BY timestamp DESC LIMIT k}) runs in two steps: a probe for the
 * k-th newest timestamp, then the query restricted to rows at or after it. Its answers must be the
 * one-step answers, with rows in four Delta files, in the buffer (some arriving late, with old
 * timestamps), and tied at the boundary.
 */
class NewestRowsTest {
  private static final String P = "newest-rows";
  private static TestServer server;

  @BeforeAll
  static void load() throws Exception {
    server = TestServer.start();
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      // four files of 6 hours each on 2025-03-01 and 02, 50 rows per file
      for (int file = 0; file < 4; file++) {
        StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, id, name, duration) VALUES ");
        for (int i = 0; i < 50; i++) {
          if (i > 0) sql.append(", ");
          OffsetDateTime t = OffsetDateTime.parse("2025-03-01T00:00:00Z").plusHours(12L * file).plusMinutes(13L * i);
          sql.append("('").append(P).append("', '").append(t).append("', 'f").append(file).append("-").append(i)
              .append("', 'op").append(i % 3).append("', ").append(i).append(")");
        }
        s.executeUpdate(sql.toString());
        server.server().flush();
      }
      // still buffered: five rows tied at the newest timestamp, and late rows from the first file's hours
      s.executeUpdate(
          "INSERT INTO otel_logs_and_spans (project_id, timestamp, id, name, duration) VALUES "
              + "('" + P + "', '2025-03-02T23:00:00Z', 'tie-1', 'op0', 1), ('" + P + "', '2025-03-02T23:00:00Z', 'tie-2', 'op1', 2),"
              + "('" + P + "', '2025-03-02T23:00:00Z', 'tie-3', 'op2', 3), ('" + P + "', '2025-03-02T23:00:00Z', 'tie-4', 'op0', 4),"
              + "('" + P + "', '2025-03-02T23:00:00Z', 'tie-5', 'op1', 5),"
              + "('" + P + "', '2025-03-01T00:30:00Z', 'late-1', 'op0', 6), ('" + P + "', '2025-02-28T23:59:00Z', 'late-2', 'op2', 7)");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  /** Each query against the same rows read through a derived table, which runs in one step. */
  @Test
  void answersAreTheOneStepAnswers() throws Exception {
    String where = "WHERE project_id = '" + P + "'";
    List<String[]> shapes =
        List.of(
            new String[] {"id, timestamp, name", where, "ORDER BY timestamp DESC, id LIMIT 10"},
            new String[] {"id, timestamp", where, "ORDER BY timestamp DESC, id LIMIT 3"},
            new String[] {"id, timestamp", where, "ORDER BY timestamp DESC, id LIMIT 7 OFFSET 4"},
            new String[] {"id, timestamp", where, "ORDER BY timestamp ASC, id LIMIT 4"},
            new String[] {"id, timestamp", where, "ORDER BY timestamp, id LIMIT 60"},
            new String[] {"*", where + " AND name = 'op1'", "ORDER BY timestamp DESC, id LIMIT 20"},
            new String[] {"id, duration * 2 AS d, upper(name)", where + " AND timestamp < '2025-03-02T06:00:00Z'", "ORDER BY timestamp DESC, id LIMIT 12"},
            new String[] {"id", where, "ORDER BY timestamp DESC, id LIMIT 1000"},
            new String[] {"id", where + " AND name = 'nothing'", "ORDER BY timestamp DESC, id LIMIT 5"});
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      for (String[] q : shapes) {
        String twoStep = "SELECT " + q[0] + " FROM otel_logs_and_spans " + q[1] + " " + q[2];
        String oneStep =
            "SELECT * FROM (SELECT " + q[0] + ", timestamp AS ts_, id AS id_ FROM otel_logs_and_spans " + q[1] + ") d "
                + q[2].replace("timestamp", "ts_").replace(", id", ", id_");
        List<String> expected = rows(s, oneStep, columns(s, twoStep));
        assertEquals(expected, rows(s, twoStep, columns(s, twoStep)), twoStep);
      }
      // an alias and a qualified column
      assertEquals(
          rows(s, "SELECT id FROM otel_logs_and_spans " + where + " ORDER BY timestamp DESC, id LIMIT 8", 1),
          rows(s, "SELECT t.id FROM otel_logs_and_spans t WHERE t.project_id = '" + P + "' ORDER BY t.timestamp DESC, t.id LIMIT 8", 1));
    }
  }

  @Test
  void tiesAtTheBoundaryKeepTheirTimestamps() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      // the newest 3 rows are 3 of the 5 tied ones: whichever, all at 22:00
      List<String> top3 = rows(s, "SELECT timestamp FROM otel_logs_and_spans WHERE project_id = '" + P + "' ORDER BY timestamp DESC LIMIT 3", 1);
      assertEquals(List.of("2025-03-02 23:00:00+00", "2025-03-02 23:00:00+00", "2025-03-02 23:00:00+00"), top3);
      List<String> top7 = rows(s, "SELECT timestamp FROM otel_logs_and_spans WHERE project_id = '" + P + "' ORDER BY timestamp DESC LIMIT 7", 1);
      assertEquals(7, top7.size());
      assertEquals("2025-03-02 23:00:00+00", top7.get(4));
      assertFalse(top7.get(5).startsWith("2025-03-02 23:00"), top7.toString());
    }
  }

  @Test
  void parametersAndPreparedStatements() throws Exception {
    try (Connection c = server.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM otel_logs_and_spans WHERE project_id = ? AND timestamp >= ? AND timestamp < ?"
                    + " ORDER BY timestamp DESC, id LIMIT 5")) {
      for (int run = 0; run < 6; run++) { // past pgjdbc's prepare threshold: a server-side statement
        ps.setString(1, P);
        ps.setObject(2, OffsetDateTime.parse("2025-03-01T00:00:00Z"));
        ps.setObject(3, OffsetDateTime.parse("2025-03-01T12:00:00Z"));
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) ids.add(rs.getString(1));
        }
        // file 0 holds 00:00 to 10:37 every 13 minutes (i = 0..49): the newest five are i = 49..45
        assertEquals(List.of("f0-49", "f0-48", "f0-47", "f0-46", "f0-45"), ids);
      }
    }
  }

  @Test
  void explainShowsTheNarrowedScan() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      List<String> plan =
          rows(s, "EXPLAIN SELECT id FROM otel_logs_and_spans WHERE project_id = '" + P + "' ORDER BY timestamp DESC LIMIT 60", 1);
      // 5 tied buffered rows + 50 of the newest file + 5 of the one before: two of four files
      assertTrue(plan.get(0).contains(": 2 of 4 Delta files"), plan.get(0));
      assertTrue(plan.stream().anyMatch(l -> l.contains("the probe found the last row kept at 2025-03-02 09:45:00.000000+00:00")), plan.toString());
      List<String> all =
          rows(s, "EXPLAIN SELECT id FROM otel_logs_and_spans WHERE project_id = '" + P + "' ORDER BY timestamp DESC LIMIT 1000", 1);
      assertTrue(all.get(0).contains(": 4 of 4 Delta files"), all.get(0));
      assertTrue(all.stream().noneMatch(l -> l.contains("the probe found")), all.toString());
      // an aggregate is another query: not narrowed
      List<String> grouped =
          rows(s, "EXPLAIN SELECT name, count(*) FROM otel_logs_and_spans WHERE project_id = '" + P + "' GROUP BY name ORDER BY 2 DESC LIMIT 1", 1);
      assertTrue(grouped.stream().noneMatch(l -> l.contains("the probe found")), grouped.toString());
    }
  }

  private static int columns(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      return md.getColumnCount();
    }
  }

  private static List<String> rows(Statement s, String sql, int columns) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) row.append(i > 1 ? " | " : "").append(rs.getString(i));
        out.add(row.toString());
      }
    }
    return out;
  }
}
