package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rows read the same from Delta as from the buffer, whatever characters their partition values hold. */
class PartitionValuesTest {
  @Test
  void projectIdsWithSpecialCharactersSurviveTheFlush() throws Exception {
    List<String> projects = List.of("plain", "with space", "slash/and%percent", "equals=sign", "üñïçødé", "quote'd", "colon:x");
    try (TestServer server = TestServer.start(Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"));
        Connection c = server.connect()) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO otel_logs_and_spans (project_id, timestamp, name) VALUES (?, '2025-01-17 10:00:00', ?)")) {
        for (String p : projects) {
          ps.setString(1, p);
          ps.setString(2, "n-" + p);
          ps.executeUpdate();
        }
      }
      assertEquals(projects.size(), server.server().flush());
      for (String p : projects) {
        try (PreparedStatement ps =
            c.prepareStatement("SELECT project_id, name, date FROM otel_logs_and_spans WHERE project_id = ?")) {
          ps.setString(1, p);
          try (ResultSet rs = ps.executeQuery()) {
            assertEquals(true, rs.next(), "row of project " + p + " not found after flush");
            assertEquals(p, rs.getString(1));
            assertEquals("n-" + p, rs.getString(2));
            assertEquals("2025-01-17", rs.getString(3));
          }
        }
      }
    }
  }
}
