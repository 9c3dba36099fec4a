package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * psycopg 3 (Debian's python3-psycopg, under Debian's /usr/bin/python3) drives TimeFusion through
 * {@code src/test/python/psycopg_client.py}: the spec's example session with parameterized inserts
 * (pipelined text parameters, prepared binary ones) and its queries in text and binary results,
 * COPY FROM STDIN in text and binary and COPY TO STDOUT, typed results (datetime, Decimal, lists,
 * dicts from json), and each type as a parameter and a result in both formats. The script checks
 * every value against what PostgreSQL returns; this test checks that it ran to its end, and reads
 * what it stored back with pgjdbc.
 */
class PsycopgClientTest {
  private static final String PYTHON = System.getProperty("python.path", "/usr/bin/python3");

  @Test
  void psycopgSessionGetsPostgresAnswers() throws Exception {
    try (TestServer server = TestServer.start()) {
      ClientProcess.Output out =
          ClientProcess.run(Path.of("."), ClientProcess.pgEnv(server), PYTHON, "src/test/python/psycopg_client.py");
      assertEquals(0, out.exit(), out::describe);
      assertTrue(out.stdout().matches("psycopg 3\\.\\S+: \\d+ checks passed\\n"), out::describe);
      assertEquals(5, server.rowCount("prod-api-001"));
      assertEquals(200, server.rowCount("psycopg-copy"));
      assertEquals(1, server.rowCount("psycopg-types"));
      assertEquals(1, server.rowCount("psycopg-tx"));
    }
  }
}
