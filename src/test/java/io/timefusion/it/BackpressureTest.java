package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While flushes cannot reach storage, writers are acknowledged up to the buffer bound, then get
 * SQLSTATE 53000 (never a silent drop); once storage is back every acknowledged row is there once.
 */
class BackpressureTest {
  @Test
  void writersGetAClearErrorWhileFlushesFailAndNothingIsLost() throws Exception {
    try (TestServer server =
        TestServer.start(
            Map.of(
                "TIMEFUSION_BUFFER_MAX_MEMORY_MB", "1",
                "TIMEFUSION_WRITE_STALL_TIMEOUT_SECS", "2",
                "TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"))) {
      // A file where the partition directory must go: every flush of this project fails.
      Path blocker = server.dataDir().resolve("otel_logs_and_spans/project_id=bp");
      Files.writeString(blocker, "not a directory");
      long acked = 0;
      SQLException refused = null;
      try (Connection c = server.connect(); Statement s = c.createStatement()) {
        String pad = "x".repeat(2000);
        for (int b = 0; b < 500 && refused == null; b++) {
          StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, id, body) VALUES ");
          for (int i = 0; i < 100; i++) {
            sql.append(i > 0 ? "," : "").append("('bp', '2025-01-17 10:00:00', 'bp-").append(b).append('-').append(i)
                .append("', '\"").append(pad).append("\"')");
          }
          try {
            s.executeUpdate(sql.toString());
            acked += 100;
          } catch (SQLException e) {
            refused = e;
          }
        }
        assertTrue(refused != null, "writers were never refused although no flush could succeed");
        assertEquals("53000", refused.getSQLState(), refused.getMessage());
        assertTrue(acked > 0);
        // Queries over the buffered rows keep working meanwhile.
        assertEquals(acked, count(s));

        Files.delete(blocker); // storage is back
        server.server().flush();
        assertEquals(acked, count(s));
        s.executeUpdate("INSERT INTO otel_logs_and_spans (project_id, timestamp, id) VALUES ('bp', '2025-01-17 11:00:00', 'after')");
        assertEquals(acked + 1, count(s));
      }
    }
  }

  private static long count(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM otel_logs_and_spans WHERE project_id = 'bp'")) {
      rs.next();
      assertEquals(rs.getLong(1), rs.getLong(2), "duplicate rows");
      return rs.getLong(1);
    }
  }
}
