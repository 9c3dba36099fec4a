package io.timefusion.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Proves {@code example_session.expected} is what PostgreSQL prints for the README's psql session.
 * With {@code -Dslt.record=true} it rewrites the expected file from the oracle first.
 */
@EnabledIfSystemProperty(named = PostgresOracle.ENABLED_PROPERTY, matches = "true")
class PostgresOraclePsqlSessionTest {
  private static final String DATABASE = "timefusion_psql";
  private final PostgresOracle oracle = new PostgresOracle();

  @Test
  void exampleSessionPrintsWhatPostgresPrints() throws Exception {
    oracle.recreate(DATABASE);
    PsqlSessionCheck.Output out = run();
    if (Boolean.getBoolean("slt.record")) {
      assertEquals(0, out.exitCode(), out.stderr());
      Files.writeString(PsqlSessionCheck.EXAMPLE_EXPECTED, out.stdout());
    }
    assertNull(PsqlSessionCheck.mismatch(PsqlSessionCheck.EXAMPLE_EXPECTED, out));
  }

  @Test
  void mismatchIsReportedLineByLine() throws Exception {
    oracle.recreate(DATABASE);
    PsqlSessionCheck.Output out = run();
    PsqlSessionCheck.Output altered = new PsqlSessionCheck.Output(
        out.exitCode(), out.stdout().replace("(3 rows)", "(4 rows)"), out.stderr());
    String report = PsqlSessionCheck.mismatch(PsqlSessionCheck.EXAMPLE_EXPECTED, altered);
    org.junit.jupiter.api.Assertions.assertTrue(
        report != null && report.contains("+ (4 rows)") && report.contains("- (3 rows)"), report);
  }

  private PsqlSessionCheck.Output run() throws Exception {
    return PsqlSessionCheck.run(
        PsqlSessionCheck.EXAMPLE_SQL, oracle.host, oracle.port, oracle.user, oracle.password, DATABASE);
  }
}
