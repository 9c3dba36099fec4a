package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * node-postgres ({@code pg}, with {@code pg-copy-streams} for COPY) drives TimeFusion through
 * {@code src/test/node/node_pg_client.js}: the spec's example session inserted with untyped
 * parameters (one-off and named prepared statements) and its queries, COPY FROM STDIN in chunks that
 * cut rows apart and COPY TO STDOUT as CSV, typed results, binary results, and four pooled
 * connections inserting at once. The script checks every value against what PostgreSQL returns;
 * this test checks that it ran to its end, and reads what it stored back with pgjdbc. The packages
 * are installed from {@code src/test/node/package-lock.json} when they are missing.
 */
class NodePgClientTest {
  private static final Path DIR = Path.of("src/test/node");

  @Test
  void nodePostgresSessionGetsPostgresAnswers() throws Exception {
    if (!Files.isDirectory(DIR.resolve("node_modules/pg")) || !Files.isDirectory(DIR.resolve("node_modules/pg-copy-streams"))) {
      ClientProcess.Output install = ClientProcess.run(DIR, Map.of(), "npm", "ci", "--no-audit", "--no-fund");
      assertEquals(0, install.exit(), install::describe);
    }
    try (TestServer server = TestServer.start()) {
      // A time zone west of UTC: node-postgres sends Date parameters with the client's offset.
      Map<String, String> env = new HashMap<>(ClientProcess.pgEnv(server));
      env.put("TZ", "America/Sao_Paulo");
      ClientProcess.Output out = ClientProcess.run(DIR, env, "node", "node_pg_client.js");
      assertEquals(0, out.exit(), out::describe);
      assertTrue(out.stdout().matches("node-postgres \\S+: \\d+ checks passed\\n"), out::describe);
      assertEquals(5, server.rowCount("prod-api-001"));
      assertEquals(150, server.rowCount("node-copy"));
      assertEquals(1, server.rowCount("node-types"));
      assertEquals(100, server.rowCount("node-pool"));
    }
  }
}
