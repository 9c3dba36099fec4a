package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.timefusion.slt.PsqlSessionCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * psql's {@code \copy ... from stdin}, {@code \copy (...) to stdout} and COPY FROM STDIN / TO
 * STDOUT with inline data must print exactly what they print against PostgreSQL 15 (recorded in
 * copy_session.expected).
 */
class PsqlCopyTest {
  @Test
  void psqlCopySessionMatchesPostgres() throws Exception {
    try (TestServer server = TestServer.start()) {
      PsqlSessionCheck.Output out =
          PsqlSessionCheck.run(
              Path.of("src/test/resources/psql/copy_session.sql"), "127.0.0.1", server.port(), TestServer.USER,
              TestServer.PASSWORD, "postgres");
      assertNull(PsqlSessionCheck.mismatch(Path.of("src/test/resources/psql/copy_session.expected"), out));
    }
  }
}
