package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.timefusion.slt.PsqlSessionCheck;
import org.junit.jupiter.api.Test;

/**
 * The spec's example session, run by Debian's psql against TimeFusion, must print exactly what
 * the same session prints against PostgreSQL (recorded in example_session.expected). It runs
 * twice: once over the buffer and once after a flush, over Delta files.
 */
class PsqlExampleSessionTest {
  @Test
  void exampleSessionMatchesPostgres() throws Exception {
    try (TestServer server = TestServer.start()) {
      PsqlSessionCheck.Output out =
          PsqlSessionCheck.run(
              PsqlSessionCheck.EXAMPLE_SQL, "127.0.0.1", server.port(), TestServer.USER, TestServer.PASSWORD, "postgres");
      assertNull(PsqlSessionCheck.mismatch(PsqlSessionCheck.EXAMPLE_EXPECTED, out));
    }
  }
}
