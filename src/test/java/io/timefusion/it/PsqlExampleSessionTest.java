package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.timefusion.slt.PsqlSessionCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spec's example session, run by Debian's psql against TimeFusion, must print exactly what
 * the same session prints against PostgreSQL (recorded in example_session.expected). It runs
 * twice, each time on a new server: with psql reading each query's result at once, and with
 * {@code FETCH_COUNT} set, when psql reads it through a cursor (BEGIN, DECLARE ... NO SCROLL
 * CURSOR, FETCH FORWARD 100 until the end, CLOSE, COMMIT), which prints the same.
 */
class PsqlExampleSessionTest {
  @ParameterizedTest(name = "FETCH_COUNT={0}")
  @ValueSource(strings = {"0", "100"})
  void exampleSessionMatchesPostgres(String fetchCount) throws Exception {
    try (TestServer server = TestServer.start()) {
      PsqlSessionCheck.Output out =
          PsqlSessionCheck.run(
              PsqlSessionCheck.EXAMPLE_SQL, "127.0.0.1", server.port(), TestServer.USER, TestServer.PASSWORD, "postgres",
              "-v", "FETCH_COUNT=" + fetchCount);
      assertNull(PsqlSessionCheck.mismatch(PsqlSessionCheck.EXAMPLE_EXPECTED, out));
    }
  }
}
