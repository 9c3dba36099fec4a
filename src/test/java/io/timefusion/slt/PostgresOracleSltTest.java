package io.timefusion.slt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Proves every .slt expectation is PostgreSQL's own answer, by running the files on the oracle.
 *
 * <p>With {@code -Dslt.record=true} it first rewrites the query results of the .slt files in
 * {@code src/test/resources/slt} with the oracle's answers (review the diff before committing).
 */
@EnabledIfSystemProperty(named = PostgresOracle.ENABLED_PROPERTY, matches = "true")
class PostgresOracleSltTest extends SqlLogicTestSuite {
  private static final String DATABASE = "timefusion_slt";
  private static final Path SOURCES = Path.of("src/test/resources", RESOURCE_DIR);
  private static final PostgresOracle ORACLE = new PostgresOracle();

  @BeforeAll
  static void freshDatabase() throws SQLException {
    ORACLE.recreate(DATABASE);
  }

  @Override
  protected Connection connect() throws SQLException {
    return ORACLE.connect(DATABASE);
  }

  /** A record marked pending is a difference of TimeFusion's: PostgreSQL must give the recorded answer. */
  @Override
  protected boolean pendingApplies() {
    return false;
  }

  @Test
  @EnabledIfSystemProperty(named = "slt.record", matches = "true")
  void recordOracleAnswers() throws IOException, SQLException {
    ORACLE.recreate(DATABASE);
    for (Path compiled : sltFiles()) {
      Path source = SOURCES.resolve(compiled.getFileName());
      SqlLogicTest slt = SqlLogicTest.parse(source);
      try (Connection conn = connect()) {
        Files.writeString(source, slt.recordedText(conn));
      }
    }
    ORACLE.recreate(DATABASE);
  }
}
