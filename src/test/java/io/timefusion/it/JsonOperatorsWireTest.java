package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's jsonb operators through pgjdbc with parameters: JDBC writes the operator {@code ?}
 * as {@code ??} (pgjdbc sends {@code ?} and numbers the parameters {@code $1, $2}), in the simple
 * protocol (parameters inlined), the extended protocol, and with server-prepared statements and
 * binary transfer; a jsonb column is reported as jsonb. The operators' answers themselves are
 * checked against PostgreSQL in {@code json.slt}.
 */
class JsonOperatorsWireTest {
  private static final String PROJECT = "json-wire";
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO otel_logs_and_spans (project_id, timestamp, id, name, attributes) VALUES"
          + " ('" + PROJECT + "', '2025-07-01 10:00:00', 'w-1', 'a', '{\"user\":\"bob\",\"http\":{\"status\":200}}'),"
          + " ('" + PROJECT + "', '2025-07-01 10:00:01', 'w-2', 'b', '{\"user\":\"alice\",\"retry\":null}'),"
          + " ('" + PROJECT + "', '2025-07-01 10:00:02', 'w-3', 'c', '{\"b\":1,\"a\":2}')");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  private static Connection connect(String options) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl() + "?" + options, TestServer.USER, TestServer.PASSWORD);
  }

  /** The ids the statement selects, run twice (pgjdbc prepares on the server from the second run). */
  private static List<String> ids(PreparedStatement ps) throws SQLException {
    List<String> first = null;
    for (int run = 0; run < 2; run++) {
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ids.add(rs.getString(1));
      }
      if (first != null) assertEquals(first, ids, "second run");
      first = ids;
    }
    return first;
  }

  @Test
  void questionMarkOperatorsWithParameters() throws SQLException {
    for (String options : List.of("preferQueryMode=simple", "binaryTransfer=false", "prepareThreshold=-1&binaryTransfer=true")) {
      try (Connection c = connect(options)) {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id FROM otel_logs_and_spans WHERE project_id = ? AND attributes::jsonb ?? ? AND name <> '?' ORDER BY id")) {
          ps.setString(1, PROJECT);
          ps.setString(2, "retry");
          assertEquals(List.of("w-2"), ids(ps), options);
        }
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id FROM otel_logs_and_spans WHERE project_id = ? AND attributes::jsonb ??| ? ORDER BY id")) {
          ps.setString(1, PROJECT);
          ps.setArray(2, c.createArrayOf("text", new String[] {"http", "a"}));
          assertEquals(List.of("w-1", "w-3"), ids(ps), options);
        }
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id FROM otel_logs_and_spans WHERE project_id = ? AND attributes::jsonb ??& ?::text[] ORDER BY id")) {
          ps.setString(1, PROJECT);
          ps.setArray(2, c.createArrayOf("text", new String[] {"user", "retry"}));
          assertEquals(List.of("w-2"), ids(ps), options);
        }
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id FROM otel_logs_and_spans WHERE project_id = ? AND attributes::jsonb @> ?::jsonb ORDER BY id")) {
          ps.setString(1, PROJECT);
          ps.setString(2, "{\"http\":{\"status\":200}}");
          assertEquals(List.of("w-1"), ids(ps), options);
        }
      }
    }
  }

  @Test
  void jsonbColumnsAreJsonbAndPrintAsPostgresPrintsThem() throws SQLException {
    for (String options : List.of("preferQueryMode=simple", "prepareThreshold=-1&binaryTransfer=true")) {
      try (Connection c = connect(options);
          PreparedStatement ps = c.prepareStatement(
              "SELECT attributes::jsonb, attributes, attributes::jsonb #> ? FROM otel_logs_and_spans WHERE project_id = ? AND id = 'w-3'")) {
        ps.setArray(1, c.createArrayOf("text", new String[] {"b"}));
        ps.setString(2, PROJECT);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals("jsonb", rs.getMetaData().getColumnTypeName(1), options);
          assertEquals("json", rs.getMetaData().getColumnTypeName(2), options);
          assertEquals("jsonb", rs.getMetaData().getColumnTypeName(3), options);
          assertEquals("{\"a\": 2, \"b\": 1}", rs.getString(1), options);
          assertEquals("{\"b\":1,\"a\":2}", rs.getString(2), options);
          assertEquals("1", rs.getString(3), options);
        }
      }
    }
  }

  /** jsonb || jsonb (PostgreSQL merges) is refused rather than answered by concatenating text; json || text is text. */
  @Test
  void jsonbConcatenationIsRefused() throws SQLException {
    try (Connection c = connect("preferQueryMode=simple"); Statement s = c.createStatement()) {
      SQLException e = org.junit.jupiter.api.Assertions.assertThrows(
          SQLException.class, () -> s.executeQuery("SELECT '{\"a\":\"x\"}'::jsonb -> 'a' || '\"y\"'::jsonb").close());
      assertEquals("0A000", e.getSQLState());
      try (ResultSet rs = s.executeQuery("SELECT '{\"a\":1}'::json::text || 'x', jsonb_pretty('{}'::jsonb) || 'x'")) {
        rs.next();
        assertEquals("{\"a\":1}x", rs.getString(1));
        assertEquals("{\n}x", rs.getString(2));
      }
    }
  }
}
