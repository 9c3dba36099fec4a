package io.timefusion.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.pgwire.types.PgTypes;
import io.timefusion.sql.PreparedQuery;
import io.timefusion.sql.QueryResult;
import io.timefusion.sql.ResultColumn;
import io.timefusion.sql.SqlEngine;
import io.timefusion.sql.SqlSession;
import io.timefusion.sql.StatementTimeout;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Statement timeout and cancel at the wire, over an engine that ignores interrupts and produces
 * its rows slowly (2000 rows, 5 ms each): only the connection can stop such a statement, between
 * the rows it streams.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatementControlTest {
  private static final int SLOW_ROWS = 2000;
  private static final long NATURAL_MILLIS = SLOW_ROWS * 5L;

  @Test
  void theServerLimitStopsAStatementWhileItsRowsStream() throws Exception {
    try (PgServer server = start(PgServerOptions.defaults().withMaxStatementMillis(300));
        Connection c = connect(server);
        Statement s = c.createStatement()) {
      assertStopped(s, "statement timeout");
      assertFastQueryWorks(s);
    }
  }

  @Test
  void theSmallerOfSessionAndServerLimitWins() throws Exception {
    try (PgServer unlimited = start(PgServerOptions.defaults());
        Connection c = connect(unlimited);
        Statement s = c.createStatement()) {
      s.execute("SET statement_timeout = '200ms'");
      assertStopped(s, "statement timeout");
      assertFastQueryWorks(s);
      s.execute("SET statement_timeout = 0");
      try (ResultSet rs = s.executeQuery("SELECT 300 rows")) {
        int n = 0;
        while (rs.next()) n++;
        assertEquals(300, n, "0 turns the timeout off");
      }
    }
    try (PgServer limited = start(PgServerOptions.defaults().withMaxStatementMillis(300));
        Connection c = connect(limited);
        Statement s = c.createStatement()) {
      s.execute("SET statement_timeout = '1min'");
      assertStopped(s, "statement timeout");
    }
    try (PgServer generous = start(PgServerOptions.defaults().withMaxStatementMillis(60_000));
        Connection c = connect(generous);
        Statement s = c.createStatement()) {
      s.execute("SET statement_timeout = 200");
      assertStopped(s, "statement timeout");
    }
  }

  @Test
  void aCancelRequestStopsAStatementWhileItsRowsStream() throws Exception {
    try (PgServer server = start(PgServerOptions.defaults());
        Connection c = connect(server);
        Statement s = c.createStatement()) {
      Thread canceller = Thread.ofPlatform().start(() -> {
        try {
          Thread.sleep(300);
          s.cancel();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertStopped(s, "user request");
      canceller.join();
      assertFastQueryWorks(s);
    }
  }

  private static void assertStopped(Statement s, String reason) {
    long started = System.nanoTime();
    SQLException e = assertThrows(SQLException.class, () -> {
      try (ResultSet rs = s.executeQuery("SELECT " + SLOW_ROWS + " rows")) {
        while (rs.next()) {
          // read all
        }
      }
    });
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("57014", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("canceling statement due to " + reason), e.getMessage());
    assertTrue(millis < NATURAL_MILLIS / 2, "stopped after " + millis + " ms of a " + NATURAL_MILLIS + " ms statement");
  }

  private static void assertFastQueryWorks(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT 3 rows")) {
      int n = 0;
      while (rs.next()) n++;
      assertEquals(3, n);
    }
  }

  private static PgServer start(PgServerOptions options) throws Exception {
    PgServer server = new PgServer(new InetSocketAddress("127.0.0.1", 0), "tf", "pw", new SlowEngine(), options);
    server.start();
    return server;
  }

  private static Connection connect(PgServer server) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?sslmode=disable&preferQueryMode=simple", "tf", "pw");
  }

  /** "SELECT n rows" returns n rows of one int4, 5 ms apart; "SET statement_timeout = v" sets it, other SETs do nothing. */
  private static final class SlowEngine implements SqlEngine {
    @Override
    public SqlSession openSession(io.timefusion.sql.SessionStartup startup) {
      return new SqlSession() {
        private long timeoutMillis;

        @Override
        public PreparedQuery prepare(String sql, int[] paramOids) {
          List<ResultColumn> columns =
              sql.startsWith("SELECT") ? List.of(new ResultColumn("n", PgTypes.INT4.oid())) : List.of();
          return new PreparedQuery() {
            @Override
            public String sql() {
              return sql;
            }

            @Override
            public int[] paramOids() {
              return new int[0];
            }

            @Override
            public List<ResultColumn> columns() {
              return columns;
            }
          };
        }

        @Override
        public QueryResult execute(PreparedQuery query, List<Object> params) {
          String sql = query.sql();
          if (sql.startsWith("SET")) {
            if (sql.startsWith("SET statement_timeout = ")) {
              timeoutMillis = StatementTimeout.parseMillis(sql.substring(24).replace("'", ""));
            }
            return new Rows(0, List.of(), "SET");
          }
          return new Rows(Integer.parseInt(sql.split(" ")[1]), query.columns(), "SELECT");
        }

        @Override
        public void cancel() {
          // this engine cannot be interrupted
        }

        @Override
        public long statementTimeoutMillis() {
          return timeoutMillis;
        }

        @Override
        public void close() {}
      };
    }
  }

  private static final class Rows implements QueryResult {
    private final int count;
    private final List<ResultColumn> columns;
    private final String tag;
    private int at;

    Rows(int count, List<ResultColumn> columns, String tag) {
      this.count = count;
      this.columns = columns;
      this.tag = tag;
    }

    @Override
    public List<ResultColumn> columns() {
      return columns;
    }

    @Override
    public boolean next() {
      if (at == count) return false;
      at++;
      if (count > 100) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      return true;
    }

    @Override
    public Object get(int i) {
      return at;
    }

    @Override
    public String commandTag() {
      return tag;
    }

    @Override
    public void close() {}
  }
}
