package io.timefusion.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Proves {@code catalog_session.expected} is what PostgreSQL prints for psql's catalog commands
 * over TimeFusion's tables (created with their columns, NOT NULL and comments, and nothing else).
 * With {@code -Dslt.record=true} it rewrites the expected file from the oracle first.
 */
@EnabledIfSystemProperty(named = PostgresOracle.ENABLED_PROPERTY, matches = "true")
class PostgresOracleCatalogSessionTest {
  private static final String DATABASE = "timefusion_catalog";
  private final PostgresOracle oracle = new PostgresOracle();

  @Test
  void catalogSessionPrintsWhatPostgresPrints() throws Exception {
    oracle.recreateTablesOnly(DATABASE);
    PsqlSessionCheck.Output out =
        PsqlSessionCheck.run(PsqlSessionCheck.CATALOG_SQL, oracle.host, oracle.port, oracle.user, oracle.password, DATABASE);
    if (Boolean.getBoolean("slt.record")) {
      assertEquals(0, out.exitCode(), out.stderr());
      Files.writeString(PsqlSessionCheck.CATALOG_EXPECTED, out.stdout());
    }
    assertNull(PsqlSessionCheck.mismatch(PsqlSessionCheck.CATALOG_EXPECTED, out));
  }
}
