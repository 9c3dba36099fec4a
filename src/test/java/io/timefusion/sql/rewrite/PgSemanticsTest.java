package io.timefusion.sql.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.query.DuckDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rewrite, run on a real DuckDB connection set up as TimeFusion sets up its sessions. */
class PgSemanticsTest {
  @TempDir static Path tmp;
  static DuckDb duckdb;
  static Connection conn;

  @BeforeAll
  static void open() throws SQLException {
    duckdb = new DuckDb(256, 1, tmp, java.util.List.of(tmp));
    conn = duckdb.connect();
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TEMP TABLE t AS SELECT * FROM (VALUES"
          + " ('a', 2000000::BIGINT, 200, ['x'], TIMESTAMPTZ '2025-01-17 14:29:30.5+00', '{\"http\":{\"status\":200}}'),"
          + " ('a', 3000000, 500, [], TIMESTAMPTZ '2025-01-17 14:30:00+00', NULL),"
          + " ('b', -5000000, 404, NULL, TIMESTAMPTZ '2025-01-17 14:31:00+00', NULL))"
          + " v(name, duration, status, hashes, ts, attributes)");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
    duckdb.close();
  }

  /** Column labels, then rows, of the rewritten query, as text, without its hidden columns. */
  private static List<String> run(String sql) throws SQLException {
    return run(sql, false);
  }

  private static List<String> run(String sql, boolean hidden) throws SQLException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(PgSemantics.rewrite(conn, sql))) {
      int n = hidden ? rs.getMetaData().getColumnCount() : clientColumns(rs.getMetaData());
      List<String> out = new ArrayList<>();
      StringBuilder header = new StringBuilder();
      for (int i = 1; i <= n; i++) header.append(i > 1 ? "|" : "").append(rs.getMetaData().getColumnLabel(i));
      out.add(header.toString());
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) row.append(i > 1 ? "|" : "").append(rs.getString(i));
        out.add(row.toString());
      }
      return out;
    }
  }

  private static int clientColumns(ResultSetMetaData md) throws SQLException {
    int n = md.getColumnCount();
    while (n > 0 && PgSemantics.isHidden(md.getColumnLabel(n))) n--;
    return n;
  }

  @Test
  void namesColumnsAsPostgres() throws SQLException {
    assertEquals(
        "name|count|avg|round|date_trunc|int4|?column?|x|coalesce|case|extract",
        run("SELECT name, COUNT(*), AVG(duration), ROUND(AVG(duration), 1), date_trunc('hour', ts),"
                + " (duration / 2)::INT, duration + 1, duration AS x, coalesce(status, 0),"
                + " CASE WHEN status > 1 THEN 1 END, extract(epoch from ts)"
                + " FROM t GROUP BY ALL ORDER BY name LIMIT 1")
            .get(0));
    assertEquals("avg_ms", run("SELECT AVG(duration)::INT AS avg_ms FROM t").get(0));
    assertEquals("duration", run("SELECT duration::INT FROM t").get(0));
  }

  @Test
  void namesSlicesTimeZonesTrimsAndLiteralsAsPostgres() throws SQLException {
    // as PostgreSQL 15 names them (psql against the oracle)
    assertEquals(
        "hashes|timezone|btrim|ltrim|rtrim|?column?|array|int4|ts|time|extract|bool|max",
        run("SELECT hashes[1:2], ts AT TIME ZONE 'UTC', trim(both 'x' from name), trim(leading 'x' from name),"
                + " trim(trailing 'x' from name), true, ARRAY[1], '{1}'::int[], ts::time, (ts + interval '1 second')::time,"
                + " extract(second from ts), 'yes'::bool, (SELECT max(duration) FROM t)::text FROM t LIMIT 0")
            .get(0));
  }

  @Test
  void functionsInFromAreNamedAsInPostgres() throws SQLException {
    // a set-returning function's column takes the table alias; a scalar function is one row
    assertEquals(List.of("i", "1", "2"), run("SELECT * FROM generate_series(1, 2) AS i"));
    assertEquals(List.of("s|i", "[a, b]|1", "[a, b]|2"),
        run("SELECT s, i FROM string_to_array('a,b', ',') s, generate_series(1, 2) AS i ORDER BY i"));
    assertEquals(List.of("x", "a", "b", "null"), run("SELECT x FROM unnest('{a,b,NULL}'::text[]) AS x"));
  }

  @Test
  void aQuotedKeywordIsAColumn() throws SQLException {
    assertEquals(List.of("user", "1"), run("SELECT \"user\" FROM (SELECT 1 AS \"user\") t"));
  }

  @Test
  void roundPrintsItsScale() throws SQLException {
    assertEquals(List.of("round", "50.00"), run("SELECT ROUND(100.0 * 1 / 2, 2)"));
    assertEquals(List.of("r", "0.0"), run("SELECT ROUND(0, 1) AS r"));
  }

  @Test
  void numericWithoutPrecisionKeepsTheOperandsScale() throws SQLException {
    // DuckDB reads numeric and numeric(18,3) alike as DECIMAL(18,3): the text tells them apart
    assertEquals(List.of("numeric|numeric|numeric|numeric|numeric|numeric|numeric", "1.235|1.23456|1.23456|1.23456|1.23456|1.235|2.5"),
        run("SELECT 1.23456::numeric(18,3), CAST(1.23456 AS numeric), CAST(1.23456 AS DECIMAL), CAST(/* ) */ '1.23456' AS numeric),"
            + " numeric '1.23456', CAST(1.23456 AS NUMERIC (18, 3)), 2.5::decimal"));
    assertEquals(List.of("DECIMAL(24,2)[]", "DECIMAL(18,3)[]"), types("SELECT '{1.5,2.25}'::numeric[], [1.2345]::numeric(18,3)[]"));
    // the type of an aggregate's argument decides: an integer stays exact, a float has 15 digits
    assertEquals(List.of("DECIMAL(20,0)", "DECIMAL(22,0)", "DECIMAL(38,16)", "DECIMAL(38,16)", "DECIMAL(38,16)"),
        types("SELECT count(*)::numeric, sum(duration)::numeric, sum(duration::DOUBLE)::numeric, avg(status)::numeric,"
            + " max(status::FLOAT)::numeric FROM t").subList(0, 5));
    // exponent literals are numeric; a column has one scale in DuckDB (PostgreSQL prints 1000)
    assertEquals(List.of("x", "1000.0000", "0.0015"), run("SELECT 1e3 AS x UNION ALL SELECT 1.5e-3 ORDER BY 1 DESC"));
    assertEquals(List.of("DECIMAL(12,1)", "INTEGER", "DECIMAL(38,16)", "DOUBLE"),
        types("SELECT 12::numeric / 10.0, 12 / 10, 12 / 7.0, 12 / 7.0::DOUBLE").subList(0, 4));
    // DuckDB's common type of two decimals cuts decimals beyond 38 digits: a sum of integers
    // keeps room for a fraction
    assertEquals(List.of("case", "0.5"), run("SELECT CASE WHEN count(*) > 5 THEN sum(duration)::numeric ELSE 0.5 END FROM t"));
  }

  @Test
  void aNumericQuotientAmongTheClientsColumnsComesWithItsOperands() throws SQLException {
    assertEquals(List.of("name|q|__tf_dividend_1|__tf_divisor_1", "a|2.5000000000000000|5|2", "b|4.0000000000000000|4|1"),
        run("SELECT name, (count(*) + 3)::numeric / count(*) AS q FROM t GROUP BY name ORDER BY name", true));
    assertEquals(List.of("r|__tf_dividend_0|__tf_divisor_0|__tf_round_0", "1.67|5|3|2"), run("SELECT round(5::numeric / 3, 2) AS r", true));
    assertEquals(List.of("numeric|__tf_source_0", "0.5000000000000000|0.5"), run("SELECT 0.5::DOUBLE::numeric", true));
    // A hidden column must not change the rows: none under DISTINCT or GROUP BY ALL, nor with a
    // column that is not grouped by name.
    assertEquals(List.of("?column?", "-2500000.0000000000000000", "1000000.0000000000000000", "1500000.0000000000000000"),
        run("SELECT DISTINCT duration::numeric / 2 FROM t ORDER BY 1", true));
    assertEquals(List.of("?column?|count", "-2500000.0000000000000000|1", "1000000.0000000000000000|1", "1500000.0000000000000000|1"),
        run("SELECT duration::numeric / 2, count(*) FROM t GROUP BY 1 ORDER BY 1", true));
    assertEquals(List.of("?column?|count", "-2500000.0000000000000000|1", "1000000.0000000000000000|1", "1500000.0000000000000000|1"),
        run("SELECT duration::numeric / 2, count(*) FROM t GROUP BY ALL ORDER BY 1", true));
    assertEquals(List.of("d|?column?|__tf_dividend_1|__tf_divisor_1", "-5000000|-2500000.0000000000000000|-5000000|2"),
        run("SELECT duration AS d, duration::numeric / 2 FROM t WHERE name = 'b' GROUP BY duration", true));
  }

  @Test
  void avgCastToIntegerRoundsHalfAwayFromZero() throws SQLException {
    assertEquals(List.of("avg", "3", "-3"),
        run("SELECT AVG(x)::INT FROM (VALUES (2, 1), (3, 1), (-2, 2), (-3, 2)) v(x, g) GROUP BY g ORDER BY g"));
    assertEquals(List.of("w", "2", "3"),
        run("SELECT (AVG(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW))::INT AS w FROM (VALUES (2), (3)) v(x) ORDER BY x"));
  }

  /** DuckDB's type name of each column of the rewritten query. */
  private static List<String> types(String sql) throws SQLException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(PgSemantics.rewrite(conn, sql))) {
      List<String> out = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) out.add(rs.getMetaData().getColumnTypeName(i));
      return out;
    }
  }

  private static final String AVERAGE_STRUCT = "STRUCT(tf_avg DOUBLE, tf_sum HUGEINT, tf_count BIGINT)";

  @Test
  void clientsIntegerAverageComesWithItsSumAndCount() throws SQLException {
    assertEquals(List.of("name|avg|__tf_dividend_1|__tf_divisor_1", "a|2500000.0|5000000|2", "b|-5000000.0|-5000000|1"),
        run("SELECT name, AVG(duration) FROM t GROUP BY name ORDER BY 2 DESC", true));
    assertEquals(List.of("avg|__tf_dividend_0|__tf_divisor_0", "null|null|0"), run("SELECT AVG(duration) FROM t WHERE false", true));
    assertEquals(List.of("DOUBLE", "HUGEINT", "BIGINT"), types("SELECT AVG(status) OVER (PARTITION BY name) FROM t"));
    assertEquals(List.of("DOUBLE", "HUGEINT", "BIGINT"), types("SELECT AVG(DISTINCT status::SMALLINT) FILTER (WHERE status > 200) FROM t"));
    // Any other argument has no integer sum (a NULL double): float8, interval and numeric stay DuckDB's AVG.
    assertEquals(List.of("DOUBLE", "INTERVAL", "DOUBLE", "DOUBLE", "BIGINT", "DOUBLE", "BIGINT", "DOUBLE", "BIGINT"),
        types("SELECT AVG(duration::DOUBLE), AVG(ts - ts), AVG(duration::DECIMAL(18, 3)) FROM t"));
  }

  @Test
  void cteAndDerivedTableAveragesAreStructsUntilTheClientsColumn() throws SQLException {
    String cte = "WITH c AS (SELECT name, AVG(status) AS a FROM t GROUP BY name) ";
    assertEquals(List.of("name|a|__tf_dividend_1|__tf_divisor_1", "a|350.0|700|2", "b|404.0|404|1"),
        run(cte + "SELECT name, a FROM (SELECT * FROM c) s ORDER BY a", true));
    // A star hands the struct itself to the client, which the result layer prints the same way.
    assertEquals(List.of("VARCHAR", AVERAGE_STRUCT), types(cte + "SELECT * FROM c"));
  }

  @Test
  void otherAveragesStayDuckDbs() throws SQLException {
    assertEquals(List.of("DOUBLE", "INTEGER"), types("SELECT AVG(duration) + 1, AVG(duration)::INT FROM t"));
    assertEquals(List.of("DOUBLE"), types("SELECT AVG(duration) FROM t UNION ALL SELECT AVG(status) FROM t"));
    assertEquals(List.of("name", "a", "a"), run("SELECT name FROM t WHERE duration > (SELECT AVG(duration) FROM t) ORDER BY 1"));
  }

  @Test
  void averageColumnsAreReadBackAsNumbers() throws SQLException {
    assertEquals(List.of("name|a|?column?|avg|n", "a|350|351.0|377.0|2", "b|404|405.0|377.0|1"),
        run("WITH c AS (SELECT name, AVG(status) AS a FROM t GROUP BY name)"
            + " SELECT name, a::INT, a + 1, AVG(a) OVER (), (SELECT count(*) FROM t WHERE t.status > c.a) AS n FROM c"
            + " WHERE a > 300 ORDER BY name"));
    // Cast to an integer as a numeric is: 2.5 -> 3 (a double would give 2).
    assertEquals(List.of("a", "3"), run("WITH c AS (SELECT AVG(x) AS a FROM (VALUES (2), (3)) v(x)) SELECT a::INT FROM c"));
    assertEquals(List.of("x", "true"),
        run("SELECT 2.5 IN (SELECT a FROM (SELECT AVG(x) AS a FROM (VALUES (2), (3)) v(x)) s) AS x"));
  }

  @Test
  void orderByAnAverageSortsByItsValue() throws SQLException {
    // p and q both average 1 (1 / 1 and 2 / 2): the tie falls to the next key.
    String rows = "(VALUES ('p', 1), ('q', 2), ('q', 0)) v(g, x)";
    assertEquals(List.of("g", "q", "p"), column(run("SELECT g, AVG(x) AS a FROM " + rows + " GROUP BY g ORDER BY a, g DESC")));
    assertEquals(List.of("g", "q", "p"), column(run("SELECT g, AVG(x) FROM " + rows + " GROUP BY g ORDER BY 2, 1 DESC")));
    assertEquals(List.of("g", "q", "p"),
        column(run("WITH c AS (SELECT g, AVG(x) AS a FROM " + rows + " GROUP BY g) SELECT g FROM c ORDER BY a, g DESC")));
    assertEquals(List.of("g", "q", "p"),
        column(run("SELECT g FROM (SELECT g, AVG(x) AS a FROM " + rows + " GROUP BY g ORDER BY a, g DESC LIMIT 2) s")));
  }

  private static List<String> column(List<String> lines) {
    return lines.stream().map(l -> l.split("\\|")[0]).toList();
  }

  @Test
  void percentileContInterpolatesAsPostgres() throws SQLException {
    // PostgreSQL: 2 + (3 - 2) * 0.95 = 2.95; DuckDB's own formula gives 2.9499999999999997.
    assertEquals(List.of("percentile_cont", "2.95"),
        run("SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY x) FROM (VALUES (2), (3), (NULL)) v(x)"));
    assertEquals(List.of("p", "2.05"),
        run("SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY x DESC) AS p FROM (VALUES (2), (3)) v(x)"));
    assertEquals(List.of("p", "00:00:02.9"),
        run("SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY x) AS p FROM (VALUES (INTERVAL '1 second'), (INTERVAL '3 seconds')) v(x)"));
    assertEquals(List.of("p", "null"),
        run("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS p FROM (VALUES (NULL::INT)) v(x)"));
  }

  @Test
  void divisionByZeroRaises() throws SQLException {
    SQLException e = assertThrows(SQLException.class, () -> run("SELECT duration / 0 FROM t"));
    assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    assertThrows(SQLException.class, () -> run("SELECT 1 % 0"));
    assertEquals(List.of("?column?", "-2"), run("SELECT -5 / 2"));
    assertEquals(List.of("?column?", "2.5"), run("SELECT 5.0::DOUBLE / 2"));
  }

  @Test
  void likeEscapesWithBackslash() throws SQLException {
    assertEquals(List.of("?column?", "true", "false"), run("SELECT x LIKE 'get\\_%' FROM (VALUES ('get_a'), ('getx')) v(x)"));
  }

  @Test
  void extractEpochIsNumericWithMicroseconds() throws SQLException {
    assertEquals(List.of("extract|extract", "1737124170.500000|1737124171"),
        run("SELECT extract(epoch from ts), extract(epoch from ts)::int8 FROM t WHERE duration = 2000000"));
    assertEquals(List.of("?column?", "245.000000"), run("SELECT extract(epoch from INTERVAL '245 milliseconds') * 1000"));
  }

  @Test
  void emptyArrayHasNoLength() throws SQLException {
    assertEquals(List.of("array_length", "1", "null", "null"), run("SELECT array_length(hashes, 1) FROM t ORDER BY ts"));
  }

  @Test
  void distinctArrayAggIsSorted() throws SQLException {
    assertEquals(List.of("array_agg", "[200, 404, 500]"), run("SELECT array_agg(DISTINCT status) FROM t"));
  }

  @Test
  void toCharFormatsCommonPatterns() throws SQLException {
    assertEquals(List.of("to_char", "2025-01-17 14:29:30"),
        run("SELECT to_char(ts, 'YYYY-MM-DD HH24:MI:SS') FROM t WHERE duration = 2000000"));
    assertEquals(null, ToCharFormat.toStrftime("Month"));
  }

  @Test
  void jsonArrowsAreJsonAccess() throws SQLException {
    assertEquals(List.of("?column?", "201"),
        run("SELECT (attributes->'http'->>'status')::int + 1 FROM t WHERE attributes IS NOT NULL"));
    assertEquals(List.of("?column?", "201"),
        run("SELECT (attributes->'http'->>'status')::int + 1 FROM t WHERE duration > 0 AND attributes->'http'->>'status' = '200'"));
    assertEquals(List.of("n", "3"),
        run("SELECT count(*) AS n FROM t WHERE duration = 0 OR attributes->>'x' IS NULL"));
    assertEquals(List.of("n", "1"),
        run("SELECT count(*) AS n FROM t WHERE NOT attributes->'http'->>'status' = '201' AND duration > 0"));
  }

  @Test
  void byteaLiteralsArePostgresBytea() throws SQLException {
    // hex format, escape format (octal and a doubled backslash), and the elements of an array literal
    assertEquals(List.of("a|b|c|d", "01FF|61015C|0A|true"),
        run("SELECT hex('\\x01ff'::bytea) AS a, hex('a\\001\\\\'::bytea) AS b,"
            + " hex(('{\"\\\\x0a\",NULL}'::bytea[])[1]) AS c, ('{\"\\\\x0a\",NULL}'::bytea[])[2] IS NULL AS d"));
    assertEquals(List.of("bytea", "abc"), run("SELECT 'abc'::bytea"));
  }

  @Test
  void jsonbIsJsonPrintedAsJsonb() throws SQLException {
    assertEquals(List.of("?column?|jsonb", "1|[{\"b\": 2}]"), run("SELECT '{\"a\":1}'::jsonb->>'a', '[{\"b\":2}]'::jsonb"));
    assertEquals(List.of("JSON[]"), types("SELECT ARRAY['{}'::jsonb]"));
  }

  @Test
  void parametersWithoutContextAreCastToTheirType() throws SQLException {
    String sql = PgSemantics.rewrite(conn, "SELECT $1, $2 || 'x' AS s, $3 + 1");
    String typed = PgParameters.cast(conn, sql, java.util.Map.of(1, "SMALLINT", 2, "VARCHAR", 3, "DECIMAL(38, 10)")).orElseThrow();
    try (java.sql.PreparedStatement ps = conn.prepareStatement(typed)) {
      ResultSetMetaData md = ps.getMetaData();
      assertEquals(List.of("?column?:SMALLINT", "s:VARCHAR", "?column?:DECIMAL(38,10)"),
          List.of(md.getColumnLabel(1) + ":" + md.getColumnTypeName(1), md.getColumnLabel(2) + ":" + md.getColumnTypeName(2),
              md.getColumnLabel(3) + ":" + md.getColumnTypeName(3)));
    }
  }

  @Test
  void statementsDuckDbCannotSerializeRunAsWritten() {
    assertEquals("SHOW TABLES", PgSemantics.rewrite(conn, "SHOW TABLES"));
    assertEquals("SELEC 1", PgSemantics.rewrite(conn, "SELEC 1"));
  }
}
