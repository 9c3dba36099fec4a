package io.timefusion.it;

import io.timefusion.slt.SqlLogicTestSuite;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every .slt file (answers recorded from PostgreSQL) against a real TimeFusion server over pgjdbc. */
class TimeFusionSltTest extends SqlLogicTestSuite {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  @Override
  protected Connection connect() throws SQLException {
    return server.connect();
  }
}
