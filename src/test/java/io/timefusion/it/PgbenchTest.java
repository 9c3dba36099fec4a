package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * pgbench runs a custom script ({@code src/test/resources/pgbench/insert_and_select.sql}: an INSERT
 * of random values into otel_logs_and_spans, then a SELECT with a project_id predicate) from four
 * connections, a fixed number of transactions each, in each of its query modes (simple, extended,
 * prepared). Every transaction must succeed, and every row it inserted be there afterwards.
 */
class PgbenchTest {
  private static final String SCRIPT = "src/test/resources/pgbench/insert_and_select.sql";
  private static final List<String> MODES = List.of("simple", "extended", "prepared");
  private static final int CLIENTS = 4;
  private static final int TRANSACTIONS = 25;

  @Test
  void customScriptRunsWithoutFailuresInEveryQueryMode() throws Exception {
    try (TestServer server = TestServer.start()) {
      for (int m = 0; m < MODES.size(); m++) {
        ClientProcess.Output out = ClientProcess.run(Path.of("."), ClientProcess.pgEnv(server),
            "pgbench", "-n", "-f", SCRIPT, "-M", MODES.get(m), "-D", "mode=" + (m + 1),
            "-c", Integer.toString(CLIENTS), "-j", "2", "-t", Integer.toString(TRANSACTIONS));
        int total = CLIENTS * TRANSACTIONS;
        assertEquals(0, out.exit(), out::describe);
        assertTrue(out.stdout().contains("query mode: " + MODES.get(m) + "\n"), out::describe);
        assertTrue(out.stdout().contains("number of transactions actually processed: " + total + "/" + total + "\n"), out::describe);
        assertTrue(out.stdout().contains("number of failed transactions: 0 (0.000%)\n"), out::describe);
        assertFalse(out.stderr().contains("error"), out::describe);
      }
      // Each mode's rows, tagged by the script's :mode: all there, with values in the script's ranges.
      List<String> rows = new ArrayList<>();
      try (Connection c = server.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT name, count(*), count(*) FILTER (WHERE id ~ '^[0-9]+$'),"
                  + " count(*) FILTER (WHERE duration BETWEEN 1000 AND 5000000000),"
                  + " count(*) FILTER (WHERE attributes___http___response___status_code IN (200, 300, 400, 500))"
                  + " FROM otel_logs_and_spans WHERE project_id = 'pgbench' GROUP BY name ORDER BY name")) {
        while (rs.next()) {
          rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3) + " " + rs.getLong(4) + " " + rs.getLong(5));
        }
      }
      assertEquals(List.of("1 100 100 100 100", "2 100 100 100 100", "3 100 100 100 100"), rows);
    }
  }
}
