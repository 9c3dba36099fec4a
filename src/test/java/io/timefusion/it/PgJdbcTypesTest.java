package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * Each PostgreSQL type TimeFusion speaks, through pgjdbc in the simple protocol (parameters
 * inlined as literals), the extended protocol with text results, and the extended protocol with
 * binary results ({@code prepareThreshold=-1}): as a literal's result, as a parameter cast to the
 * type, as an uncast parameter (which takes the type pgjdbc declares), and as an array, both
 * results and parameters. Values and their text are what PostgreSQL returns, except where
 * TimeFusion differs by design: varchar results are text, and jsonb arrays and an uncast jsonb
 * parameter's result are json (DuckDB has one string and one JSON type; a jsonb value is known as
 * such only where the query casts to it).
 */
class PgJdbcTypesTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  private enum Mode {
    SIMPLE("preferQueryMode=simple"),
    TEXT("binaryTransfer=false"),
    BINARY("prepareThreshold=-1&binaryTransfer=true");

    final String url;

    Mode(String url) {
      this.url = url;
    }
  }

  /**
   * One type: a literal of it, the same value as a Java parameter, the value as {@link #canonical}
   * makes it of what pgjdbc returns, and PostgreSQL's text of the value and of {@code ARRAY[v, NULL]}.
   */
  private record Case(String type, String literal, Object param, String value, String text, String arrayText) {
    /** The type name pgjdbc reports for the result column. */
    String resultType() {
      return type.equals("varchar") ? "text" : type;
    }

    /** The element type pgjdbc reports for an array result column. */
    String arrayResultType() {
      return switch (type) {
        case "varchar" -> "text";
        case "jsonb" -> "json";
        default -> type;
      };
    }
  }

  private static final List<Case> CASES = List.of(
      new Case("bool", "true", true, "true", "t", "{t,NULL}"),
      new Case("int2", "-7", (short) -7, "-7", "-7", "{-7,NULL}"),
      new Case("int4", "2147483647", 2147483647, "2147483647", "2147483647", "{2147483647,NULL}"),
      new Case("int8", "-9007199254740993", -9007199254740993L, "-9007199254740993", "-9007199254740993", "{-9007199254740993,NULL}"),
      new Case("float4", "1.25", 1.25f, "1.25", "1.25", "{1.25,NULL}"),
      new Case("float8", "0.1", 0.1d, "0.1", "0.1", "{0.1,NULL}"),
      new Case("numeric", "12.345", new BigDecimal("12.345"), "12.345", "12.345", "{12.345,NULL}"),
      new Case("text", "'a \"b\" c'", "a \"b\" c", "a \"b\" c", "a \"b\" c", "{\"a \\\"b\\\" c\",NULL}"),
      new Case("varchar", "'vé'", "vé", "vé", "vé", "{vé,NULL}"),
      new Case("bytea", "'\\x01ff'", new byte[] {1, (byte) 0xff}, "\\x01ff", "\\x01ff", "{\"\\\\x01ff\",NULL}"),
      new Case("date", "'2025-01-17'", LocalDate.of(2025, 1, 17), "2025-01-17", "2025-01-17", "{2025-01-17,NULL}"),
      new Case("timestamp", "'2025-01-17 14:30:00.25'", LocalDateTime.of(2025, 1, 17, 14, 30, 0, 250_000_000),
          "2025-01-17T14:30:00.250", "2025-01-17 14:30:00.25", "{\"2025-01-17 14:30:00.25\",NULL}"),
      new Case("timestamptz", "'2025-01-17 14:30:00+02'", OffsetDateTime.of(2025, 1, 17, 14, 30, 0, 0, ZoneOffset.ofHours(2)),
          "2025-01-17T12:30:00Z", "2025-01-17 12:30:00+00", "{\"2025-01-17 12:30:00+00\",NULL}"),
      new Case("interval", "'1 year 2 mons -3 days 04:05:06.5'", interval("1 year 2 mons -3 days 04:05:06.5"),
          interval("1 year 2 mons -3 days 04:05:06.5").toString(), "1 year 2 mons -3 days +04:05:06.5",
          "{\"1 year 2 mons -3 days +04:05:06.5\",NULL}"),
      new Case("uuid", "'550e8400-e29b-41d4-a716-446655440001'", UUID.fromString("550e8400-e29b-41d4-a716-446655440001"),
          "550e8400-e29b-41d4-a716-446655440001", "550e8400-e29b-41d4-a716-446655440001", "{550e8400-e29b-41d4-a716-446655440001,NULL}"),
      new Case("json", "'{\"a\": [1, 2]}'", json("json", "{\"a\": [1, 2]}"), "{\"a\": [1, 2]}", "{\"a\": [1, 2]}",
          "{\"{\\\"a\\\": [1, 2]}\",NULL}"),
      new Case("jsonb", "'{\"a\": [1, 2]}'", json("jsonb", "{\"a\": [1, 2]}"), "{\"a\": [1, 2]}", "{\"a\": [1, 2]}",
          "{\"{\\\"a\\\": [1, 2]}\",NULL}"));

  private static PGInterval interval(String s) {
    try {
      return new PGInterval(s);
    } catch (SQLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static PGobject json(String type, String value) {
    try {
      PGobject o = new PGobject();
      o.setType(type);
      o.setValue(value);
      return o;
    } catch (SQLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A value pgjdbc returned, as a string that does not depend on the JVM's time zone or the format. */
  private static String canonical(String type, Object v) {
    if (v == null) return null;
    if (v instanceof byte[] b) return "\\x" + HexFormat.of().formatHex(b);
    if (v instanceof Timestamp t) return type.equals("timestamptz") ? t.toInstant().toString() : t.toLocalDateTime().toString();
    if (v instanceof BigDecimal d) return d.stripTrailingZeros().toPlainString(); // scale: see the text checks
    return v.toString();
  }

  private static Connection connect(Mode mode) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl() + "?" + mode.url, TestServer.USER, TestServer.PASSWORD);
  }

  @Test
  void everyTypeAsResultAndParameterInTextAndBinary() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      try (Connection c = connect(mode)) {
        for (Case k : CASES) {
          String at = mode + " " + k.type();
          check(failures, at + " literal", c, "SELECT " + k.literal() + "::" + k.type() + ", ARRAY[" + k.literal() + "::" + k.type() + ", NULL]",
              null, k, mode, true);
          check(failures, at + " ?::type", c, "SELECT ?::" + k.type(), k.param(), k, mode, false);
          if (mode != Mode.SIMPLE) {
            // pgjdbc declares the parameter's type; PostgreSQL's result has that type
            // (in text, pgjdbc sends a Float as float8)
            // (an uncast jsonb parameter comes back as json)
            String result = mode == Mode.TEXT && k.type().equals("float4") ? "float8" : k.type().equals("jsonb") ? "json" : null;
            Case declared = result != null ? new Case(result, k.literal(), k.param(), k.value(), k.text(), k.arrayText()) : k;
            check(failures, at + " uncast ?", c, "SELECT ?", k.param(), declared, mode, false);
          }
          if (!(mode == Mode.SIMPLE && k.type().equals("timestamptz"))) {
            // (pgjdbc inlines OffsetDateTime array elements as 2025-01-17T14:30+02:00, which DuckDB does not read)
            Object element = k.param() instanceof PGobject o ? o.getValue() : k.param() instanceof PGInterval i ? i.getValue() : k.param();
            Array array = element instanceof byte[] b ? c.createArrayOf(k.type(), new byte[][] {b, null})
                : c.createArrayOf(k.type(), new Object[] {element, null});
            checkArray(failures, at + " ?::type[]", c, "SELECT ?::" + k.type() + "[]", array, k, mode);
          }
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  private static void check(List<String> failures, String what, Connection c, String sql, Object param, Case k, Mode mode,
      boolean withArray) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (param != null) ps.setObject(1, param);
      // twice: pgjdbc switches to a named server statement on the second run unless forced from the start
      for (int run = 0; run < 2; run++) {
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          expect(failures, what + " type", k.resultType(), rs.getMetaData().getColumnTypeName(1));
          expect(failures, what + " value", k.value(), canonical(k.type(), rs.getObject(1)));
          if (mode != Mode.BINARY) expect(failures, what + " text", k.text(), rs.getString(1));
          if (withArray) arrayColumn(failures, what + " array", rs, 2, k, mode);
        }
      }
    } catch (SQLException | RuntimeException e) {
      failures.add(what + ": " + e);
    }
  }

  private static void checkArray(List<String> failures, String what, Connection c, String sql, Array array, Case k, Mode mode) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, array);
      for (int run = 0; run < 2; run++) {
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          arrayColumn(failures, what, rs, 1, k, mode);
        }
      }
    } catch (SQLException | RuntimeException e) {
      failures.add(what + ": " + e);
    }
  }

  private static void arrayColumn(List<String> failures, String what, ResultSet rs, int column, Case k, Mode mode) throws SQLException {
    expect(failures, what + " type", "_" + k.arrayResultType(), rs.getMetaData().getColumnTypeName(column));
    Object[] elements = (Object[]) rs.getArray(column).getArray();
    expect(failures, what + " length", "2", Integer.toString(elements.length));
    if (elements.length == 2) {
      expect(failures, what + " element", k.value(), canonical(k.type(), elements[0]));
      assertNull(elements[1], what);
    }
    if (mode != Mode.BINARY) expect(failures, what + " text", k.arrayText(), rs.getString(column));
  }

  private static void expect(List<String> failures, String what, String expected, String actual) {
    if (!expected.equals(actual)) failures.add(what + ": expected <" + expected + "> but was <" + actual + ">");
  }

  /**
   * numeric without a precision keeps PostgreSQL's value and display scale (the answers are
   * PostgreSQL 15's), in text and binary results: pgjdbc's getBigDecimal carries the scale, so
   * 1.50 is not 1.5. DuckDB's own numeric is DECIMAL(18,3): 1.23456 came back as 1.235.
   */
  @Test
  void numericKeepsPostgresScaleInTextAndBinary() throws Exception {
    String query = "SELECT '1.23456'::numeric, 1.0 / 3, 12345678901234567890.5::numeric * 2, round(2.675::float8::numeric, 2),"
        + " 10::numeric / 4, '-0.000100'::numeric, 0.1::float8::numeric, 1e20::numeric / 3";
    List<String> expected = List.of("1.23456", "0.33333333333333333333", "24691357802469135781.0", "2.68", "2.5000000000000000",
        "-0.000100", "0.1", "33333333333333333333");
    for (Mode mode : Mode.values()) {
      try (Connection c = connect(mode); PreparedStatement ps = c.prepareStatement(query)) {
        for (int run = 0; run < 2; run++) {
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            for (int i = 1; i <= expected.size(); i++) {
              String at = mode + " column " + i;
              assertEquals("numeric", rs.getMetaData().getColumnTypeName(i), at);
              assertEquals(new BigDecimal(expected.get(i - 1)), rs.getBigDecimal(i), at); // equals compares the scale too
              assertEquals(expected.get(i - 1), rs.getString(i), at);
            }
          }
        }
      }
      // a numeric parameter keeps its scale through a cast, round() and division
      try (Connection c = connect(mode);
          PreparedStatement ps = c.prepareStatement("SELECT ?::numeric, round(?::numeric, 2), ?::numeric / 3, ? * 2")) {
        for (int i = 1; i <= 4; i++) ps.setBigDecimal(i, new BigDecimal("1.23456"));
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= 4; i++) values.add(rs.getBigDecimal(i).toPlainString());
          assertEquals(List.of("1.23456", "1.23", "0.41152000000000000000", "2.46912"), values, mode.toString());
        }
      }
      try (Connection c = connect(mode); PreparedStatement ps = c.prepareStatement("SELECT 123.45::numeric(4, 2)")) {
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, ps::executeQuery);
        assertEquals("22003", e.getSQLState(), mode.toString());
      }
    }
  }

  @Test
  void untypedParametersTakeTheirTypeFromContext() throws Exception {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl() + "?stringtype=unspecified", TestServer.USER, TestServer.PASSWORD);
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO otel_logs_and_spans (project_id, timestamp, duration, hashes) VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < 3; i++) {
        insert.setString(1, "jdbc-context");
        insert.setString(2, "2025-01-17 14:3" + i + ":00+00");
        insert.setString(3, Integer.toString(1000 * i));
        insert.setString(4, "{h" + i + ",shared}");
        insert.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT count(*), sum(duration) FROM otel_logs_and_spans WHERE project_id = ? AND timestamp >= ? AND duration > ?"
              + " AND ? = ANY(hashes)")) {
        var types = ps.getParameterMetaData();
        assertEquals(List.of("text", "timestamptz", "int8", "text"),
            List.of(types.getParameterTypeName(1), types.getParameterTypeName(2), types.getParameterTypeName(3),
                types.getParameterTypeName(4)));
        ps.setString(1, "jdbc-context");
        ps.setString(2, "2025-01-17 16:31:00+02"); // 14:31 UTC
        ps.setString(3, "0");
        ps.setString(4, "shared");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(2, rs.getLong(1));
          assertEquals(new BigDecimal("3000"), rs.getBigDecimal(2));
        }
        // a java.sql.Timestamp goes out untyped (pgjdbc declares it unspecified) and binds as timestamptz
        ps.setTimestamp(2, Timestamp.from(Instant.parse("2025-01-17T14:32:00Z")));
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(1, rs.getLong(1));
        }
      }
    }
  }
}
