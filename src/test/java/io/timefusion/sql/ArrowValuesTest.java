package io.timefusion.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.catalog.PgTypeId;
import io.timefusion.query.DuckDb;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result read from DuckDB's Arrow stream gives exactly the values the JDBC path gives: for
 * every type {@link ArrowValues#streams} admits, edge values and nulls, in batches and across
 * batch boundaries, with the hidden columns of averages.
 */
class ArrowValuesTest {
  @TempDir static Path tmp;
  static DuckDb duckdb;
  static DuckDBConnection conn;
  static BufferAllocator allocator;

  @BeforeAll
  static void open() throws SQLException {
    duckdb = new DuckDb(256, 2, tmp, List.of(tmp));
    conn = duckdb.connect();
    allocator = new RootAllocator();
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
    duckdb.close();
    allocator.close();
  }

  @Test
  void integers() throws SQLException {
    same("SELECT v::TINYINT a, v::SMALLINT b, v::INTEGER c, v::BIGINT d, v::HUGEINT e FROM (VALUES (0), (1), (-1), (127), (-128), (NULL)) t(v)");
    same("SELECT 32767::SMALLINT, (-32768)::SMALLINT, 2147483647::INTEGER, (-2147483648)::INTEGER,"
        + " 9223372036854775807::BIGINT, (-9223372036854775808)::BIGINT");
    same("SELECT 255::UTINYINT, 65535::USMALLINT, 4294967295::UINTEGER, 18446744073709551615::UBIGINT, 0::UBIGINT");
    same("SELECT 170141183460469231731687303715884105727::HUGEINT, -170141183460469231731687303715884105727::HUGEINT,"
        + " 12345678901234567890123456789::HUGEINT");
  }

  @Test
  void floatsAndDecimals() throws SQLException {
    same("SELECT v::FLOAT a, v::DOUBLE b FROM (VALUES (1.5::DOUBLE), (-0.0), ('NaN'), ('inf'), ('-inf'), (1e-45), (3.4e38), (0.1), (NULL)) t(v)");
    same("SELECT 1.5::DECIMAL(4,1), -12.345::DECIMAL(18,3), 0::DECIMAL(18,3), 12345678901234567890.1234567891::DECIMAL(38,10),"
        + " -0.0000000001::DECIMAL(38,10), 99.9::DECIMAL(3,1), NULL::DECIMAL(9,2)");
  }

  @Test
  void textJsonUuidBlobBool() throws SQLException {
    same("SELECT v, v::JSON FROM (VALUES (''), ('x'), ('a string longer than twelve bytes'), ('ünïcödé ✓ 😀'), ('\"q\"'), (NULL)) t(v)"
        .replace("v::JSON", "to_json(v)"));
    same("SELECT '{\"a\": [1, 2.5, null], \"b\": {\"c\": \"d\"}}'::JSON, '[]'::JSON, 'null'::JSON");
    same("SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID, '00000000-0000-0000-0000-000000000000'::UUID,"
        + " 'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID, NULL::UUID");
    same("SELECT '\\xAA\\x00\\xFF'::BLOB, ''::BLOB, 'abc'::BLOB, NULL::BLOB, true, false, NULL::BOOLEAN");
  }

  @Test
  void datesTimesAndTimestamps() throws SQLException {
    String stamps = "(VALUES ('1970-01-01 00:00:00'), ('2024-02-29 13:14:15.123456'), ('1969-12-31 23:59:59.999999'),"
        + " ('0001-01-01 00:00:00'), ('1500-03-01 12:00:00'), ('1582-10-15 00:00:00.5'), ('9999-12-31 23:59:59.999999'), (NULL)) t(v)";
    same("SELECT v::TIMESTAMP a, v::TIMESTAMPTZ b, v::DATE c, v::TIMESTAMP::TIME d FROM " + stamps);
    // TIMESTAMP_NS holds 1677 to 2262
    same("SELECT v::TIMESTAMP::TIMESTAMP_S a, v::TIMESTAMP::TIMESTAMP_MS b, v::TIMESTAMP::TIMESTAMP_NS c FROM (VALUES"
        + " ('1970-01-01 00:00:00'), ('2024-02-29 13:14:15.123456'), ('1969-12-31 23:59:59.999999'), ('1700-06-01 01:02:03.5'), (NULL)) t(v)");
    same("SELECT '2024-01-02 03:04:05.123456789'::TIMESTAMP_NS, TIME '12:00:00', TIME '00:00:00', TIME '23:59:59.999999', TIME '12:34:56.5'");
  }

  @Test
  void infinitiesAreThoseOfPostgres() throws SQLException {
    String sql = "SELECT v::TIMESTAMP, v::TIMESTAMPTZ, v::DATE FROM (VALUES ('infinity'), ('-infinity')) t(v)";
    List<List<Object>> rows = same(sql);
    assertEquals(List.of(LocalDateTime.MAX, OffsetDateTime.MAX, LocalDate.MAX), rows.get(0));
    assertEquals(List.of(LocalDateTime.MIN, OffsetDateTime.MIN, LocalDate.MIN), rows.get(1));
    // years before 1 AD (JDBC's java.sql.Timestamp would lose their era)
    same("SELECT make_timestamp(-43, 3, 15, 12, 0, 0), make_timestamptz(0, 12, 31, 23, 59, 59.5), make_date(-4712, 1, 1)");
  }

  @Test
  void intervals() throws SQLException {
    same("SELECT v::INTERVAL FROM (VALUES ('0 seconds'), ('1 day'), ('-1 day'), ('1 year 2 months'), ('-1 year -2 months'),"
        + " ('14 months'), ('25:00:00'), ('-00:00:01.5'), ('1 month -1 day'), ('123456 hours 7 minutes'), ('0.000001 seconds'),"
        + " ('1 year 2 months 3 days 04:05:06.789'), ('-3 days 04:00:00'), ('2 days -00:00:00.25'), (NULL)) t(v)");
    same("SELECT to_microseconds(i * 7919 - 500000) + to_days(i % 5 - 2) + to_months(i % 29 - 14) FROM range(5000) t(i)");
  }

  @Test
  void lists() throws SQLException {
    same("SELECT [1, 2, NULL]::INTEGER[], []::INTEGER[], NULL::INTEGER[], [1, 2]::SMALLINT[], [9223372036854775807]::BIGINT[],"
        + " [1.5, NULL]::DOUBLE[], [1.25]::FLOAT[], [1.5, -2.25]::DECIMAL(9,2)[], [true, NULL]::BOOLEAN[]");
    same("SELECT ['a', NULL, '']::VARCHAR[], ['{\"a\":1}']::JSON[], [DATE '2024-01-02'], [TIMESTAMP '2024-01-02 03:04:05.5'],"
        + " [TIMESTAMPTZ '2024-01-02 03:04:05.5+00'], ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID], [INTERVAL '1 day 02:00:00'],"
        + " [TIME '01:02:03'], [12345678901234567890::HUGEINT], [4294967295, 26]::UINTEGER[], [255]::UTINYINT[],"
        + " [18446744073709551615]::UBIGINT[], [TIMESTAMP '2024-01-02 03:04:05']::TIMESTAMP_NS[]");
  }

  @Test
  void averagesAndTheirHiddenColumns() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE OR REPLACE TEMP TABLE nums AS SELECT i, i * 1.5 AS d, (i % 7)::INTEGER AS k FROM range(10000) t(i)");
    }
    same(PgRewriter.rewrite(conn, "SELECT k, avg(i), avg(d), avg(i)::int, round(avg(k), 2) FROM nums GROUP BY k ORDER BY k"));
    same(PgRewriter.rewrite(conn, "SELECT avg(i) FROM nums WHERE i < 0"));
    same(PgRewriter.rewrite(conn, "SELECT i, avg(i) OVER (ORDER BY i ROWS 3 PRECEDING) FROM nums ORDER BY i"));
  }

  @Test
  void manyBatchesOfMixedTypes() throws SQLException {
    same("SELECT i, i::VARCHAR || repeat('x', i % 40) AS s, CASE WHEN i % 3 = 0 THEN NULL ELSE i / 7.0 END AS f,"
        + " TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_microseconds(i * 1234567) AS ts, DATE '2025-01-01' + (i % 400)::INTEGER AS d,"
        + " [i::VARCHAR, NULL] AS l, (i * 13 % 1000)::DECIMAL(10,2) / 3 AS n, md5(i::VARCHAR)::UUID AS u FROM range(25000) t(i)");
  }

  @Test
  void typesWithoutAnExactArrowFormAreNotStreamed() {
    for (String t : List.of("STRUCT(a INTEGER)", "MAP(VARCHAR, INTEGER)", "UNION(a INTEGER, b VARCHAR)", "BIT", "INTEGER[3]",
        "INTEGER[][]", "UHUGEINT", "VARINT", "BIGNUM", "ENUM('a', 'b')", "TIME WITH TIME ZONE", "BLOB[]", "\"NULL\"",
        "TIMESTAMP_NS WITH TIME ZONE", "STRUCT(tf_avg DECIMAL(2,1), tf_sum HUGEINT, tf_count BIGINT)")) {
      assertFalse(ArrowValues.streams(t), t);
    }
    for (String t : List.of("BIGINT", "VARCHAR", "TIMESTAMP WITH TIME ZONE", "DECIMAL(18,3)", "VARCHAR[]", "JSON", "INTERVAL",
        "STRUCT(tf_avg DOUBLE, tf_sum HUGEINT, tf_count BIGINT)")) {
      assertTrue(ArrowValues.streams(t), t);
    }
  }

  @Test
  void duckDbIntervalText() {
    assertEquals("00:00:00", ArrowValues.duckDbInterval(0, 0, 0));
    assertEquals("1 year 2 months 3 days 04:05:06.789", ArrowValues.duckDbInterval(14, 3, 14_706_789_000L));
    assertEquals("-1 year -1 month -1 day -00:00:01.5", ArrowValues.duckDbInterval(-13, -1, -1_500_000));
    assertEquals("-2562047788:00:54.775808", ArrowValues.duckDbInterval(0, 0, Long.MIN_VALUE));
  }

  /** Reads {@code sql} through JDBC (materialized) and through the Arrow stream; the values must be equal. */
  private static List<List<Object>> same(String sql) throws SQLException {
    List<List<Object>> viaJdbc = new ArrayList<>();
    DuckDbColumns jdbcColumns;
    try (Statement s = conn.createStatement()) {
      s.execute("SET jdbc_stream_results = false");
    }
    try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      jdbcColumns = DuckDbColumns.of(rs.getMetaData());
      DuckDbColumns.Row row = DuckDbColumns.row(rs);
      while (rs.next()) viaJdbc.add(values(jdbcColumns, row));
    }
    try (Statement s = conn.createStatement()) {
      s.execute("SET jdbc_stream_results = true");
    }
    List<List<Object>> viaArrow = new ArrayList<>();
    PreparedStatement ps = conn.prepareStatement(sql);
    DuckDBResultSet rs = (DuckDBResultSet) ps.executeQuery();
    DuckDbColumns columns = DuckDbColumns.of(rs.getMetaData());
    assertTrue(columns.sameAs(jdbcColumns), sql);
    assertTrue(columns.streamable(), "not streamed: " + sql);
    try (ArrowQueryResult result = ArrowQueryResult.open(ps, rs, columns, allocator, () -> {}, () -> {}, () -> false, () -> {})) {
      while (result.next()) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < columns.columns().size(); i++) values.add(result.get(i));
        viaArrow.add(values);
      }
    }
    assertEquals(viaJdbc.size(), viaArrow.size(), sql);
    for (int r = 0; r < viaJdbc.size(); r++) {
      for (int i = 0; i < viaJdbc.get(r).size(); i++) {
        Object expected = viaJdbc.get(r).get(i);
        Object actual = viaArrow.get(r).get(i);
        String where = "row " + r + " column " + columns.columns().get(i).name() + " of " + sql;
        if (expected instanceof byte[] b) {
          assertArrayEquals(b, (byte[]) actual, where);
        } else {
          assertEquals(expected, actual, where);
          if (expected != null) assertEquals(expected.getClass(), actual.getClass(), where);
        }
      }
    }
    return viaArrow;
  }

  private static List<Object> values(DuckDbColumns columns, DuckDbColumns.Row row) throws SQLException {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < columns.columns().size(); i++) {
      out.add(columns.value(row, i, PgTypeId.byOid(columns.columns().get(i).typeOid())));
    }
    return out;
  }
}
