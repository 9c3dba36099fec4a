package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.slt.PsqlSessionCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * psql's catalog commands (\dn, \du, \dt, \d, \d otel_logs_and_spans, \df, \dd, \dRs+...), its
 * tab-completion queries and the catalog functions and casts print against TimeFusion exactly what
 * they print against PostgreSQL 15 for the same tables (recorded in catalog_session.expected). The
 * server refuses unfiltered reads of the tables (the default): catalog queries do not read them.
 */
class PsqlCatalogSessionTest {
  @Test
  void catalogSessionMatchesPostgres() throws Exception {
    try (TestServer server = TestServer.start()) {
      PsqlSessionCheck.Output out =
          PsqlSessionCheck.run(
              PsqlSessionCheck.CATALOG_SQL, "127.0.0.1", server.port(), TestServer.USER, TestServer.PASSWORD, "postgres");
      assertNull(PsqlSessionCheck.mismatch(PsqlSessionCheck.CATALOG_EXPECTED, out));
    }
  }

  /**
   * \l, \dx, \dt+, \dL, \dC+, \dA*, \dF*, \db+ and \dconfig+, whose output differs from
   * PostgreSQL's by design (see the script).
   */
  @Test
  void commandsThatDifferFromPostgresByDesign() throws Exception {
    try (TestServer server = TestServer.start()) {
      PsqlSessionCheck.Output out =
          PsqlSessionCheck.run(
              Path.of("src/test/resources/psql/catalog_timefusion.sql"), "127.0.0.1", server.port(), TestServer.USER,
              TestServer.PASSWORD, "postgres");
      assertNull(PsqlSessionCheck.mismatch(Path.of("src/test/resources/psql/catalog_timefusion.expected"), out));
    }
  }

  /**
   * \sf looks its function up with {@code 'version'::regproc::oid}: the catalog has no function
   * rows, so psql prints PostgreSQL's error for an unknown function (42883), not a failed cast.
   */
  @Test
  void showFunctionFindsNoFunction() throws Exception {
    try (TestServer server = TestServer.start()) {
      Psql.Output sf = Psql.run(server.port(), "sslmode=disable", TestServer.PASSWORD, "-c", "\\sf version");
      assertEquals(1, sf.exit(), sf.stderr());
      assertEquals("ERROR:  function \"version\" does not exist\n", sf.stderr());
      Psql.Output lookup = Psql.run(server.port(), "sslmode=disable", TestServer.PASSWORD, "-v", "VERBOSITY=verbose",
          "-c", "SELECT 'version'::pg_catalog.regproc::pg_catalog.oid");
      assertTrue(lookup.stderr().startsWith("ERROR:  42883: function \"version\" does not exist\n"), lookup.stderr());
    }
  }
}
