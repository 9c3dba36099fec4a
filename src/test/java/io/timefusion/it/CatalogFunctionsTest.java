package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The catalog's session functions and casts through the wire with pgjdbc: what they answer
 * depends on the session (its user, database, backend pid, settings), and their errors carry
 * PostgreSQL's SQLSTATEs. What they print for a fixed session is in the psql catalog session.
 */
class CatalogFunctionsTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  @Test
  void sessionFunctionsDescribeThisSession() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", TestServer.USER);
    p.setProperty("password", TestServer.PASSWORD);
    p.setProperty("ApplicationName", "catalog-test");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/analytics", p)) {
      assertEquals("analytics", one(c, "SELECT current_database()"));
      assertEquals("analytics", one(c, "SELECT current_catalog"));
      assertEquals("analytics", one(c, "SELECT datname FROM pg_database"));
      assertEquals(TestServer.USER, one(c, "SELECT current_user"));
      assertEquals(TestServer.USER, one(c, "SELECT session_user"));
      assertEquals(TestServer.USER, one(c, "SELECT rolname FROM pg_roles WHERE rolcanlogin"));
      assertEquals("public", one(c, "SELECT current_schema()"));
      assertEquals(Integer.toString(c.unwrap(PGConnection.class).getBackendPID()), one(c, "SELECT pg_backend_pid()"));
      assertEquals("catalog-test", one(c, "SELECT current_setting('application_name')"));
      assertTrue(one(c, "SELECT version()").startsWith("PostgreSQL 16.6 "), one(c, "SELECT version()"));
      assertEquals("160006", one(c, "SELECT current_setting('server_version_num')"));
      assertEquals("16", one(c, "SELECT current_setting('server_version_num')::int / 10000"));
    }
  }

  @Test
  void setChangesWhatTheCatalogReports() throws SQLException {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("SET statement_timeout = '5s'");
      assertEquals("5s", one(c, "SELECT current_setting('statement_timeout')"));
      assertEquals("5s", one(c, "SELECT setting FROM pg_settings WHERE name = 'statement_timeout'"));
      assertEquals("5s", one(c, "SHOW statement_timeout"));
      // another session keeps its own
      try (Connection other = server.connect()) {
        assertEquals("0", one(other, "SELECT current_setting('statement_timeout')"));
      }
      // set_config as pg_dump sends it, through the extended protocol too
      assertEquals("7s", one(c, "SELECT pg_catalog.set_config('statement_timeout', '7s', false)"));
      assertEquals("7s", one(c, "SHOW statement_timeout"));
      try (PreparedStatement ps = c.prepareStatement("SELECT set_config('application_name', 'it''s me', false)")) {
        assertEquals("set_config", ps.getMetaData().getColumnName(1));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals("it's me", rs.getString(1));
        }
      }
      assertEquals("it's me", one(c, "SELECT current_setting('application_name')"));
      assertEquals("read committed", one(c, "SHOW TRANSACTION ISOLATION LEVEL"));
    }
  }

  @Test
  void regCastsGiveOidsAndPrintNames() throws SQLException {
    try (Connection c = server.connect()) {
      long oid = Long.parseLong(one(c, "SELECT oid FROM pg_class WHERE relname = 'otel_metrics'"));
      assertEquals(Long.toString(oid), one(c, "SELECT 'otel_metrics'::regclass::oid"));
      assertEquals("otel_metrics", one(c, "SELECT 'otel_metrics'::regclass"));
      assertEquals("otel_metrics", one(c, "SELECT " + oid + "::regclass"));
      assertEquals("otel_metrics", one(c, "SELECT c.oid::regclass FROM pg_class c WHERE c.oid = 'public.otel_metrics'::regclass"));
      assertEquals("27", one(c, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'otel_metrics'::regclass AND attnum > 0"));
      assertEquals("timestamp with time zone", one(c, "SELECT 'timestamptz'::regtype"));
      assertEquals("1184", one(c, "SELECT 'timestamptz'::regtype::oid"));
      assertEquals("text[]", one(c, "SELECT atttypid::regtype FROM pg_attribute WHERE attrelid = 'otel_logs_and_spans'::regclass AND attname = 'hashes'"));
      // a parameter is a name too
      try (PreparedStatement ps = c.prepareStatement("SELECT ?::regclass::oid, to_regclass(?)")) {
        ps.setString(1, "otel_metrics");
        ps.setString(2, "no_such_table");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(oid, rs.getLong(1));
          assertEquals(null, rs.getString(2));
        }
      }
    }
  }

  @Test
  void unknownNamesAnswerWithPostgresErrors() throws SQLException {
    try (Connection c = server.connect()) {
      assertEquals("42P01", sqlState(c, "SELECT 'no_such_table'::regclass"));
      assertEquals("42P01", sqlState(c, "SELECT * FROM information_schema.no_such_view"));
      assertEquals("42704", sqlState(c, "SELECT 'no_such_type'::regtype"));
      assertEquals("42704", sqlState(c, "SELECT current_setting('no_such_setting')"));
      assertEquals("1", one(c, "SELECT 1"), "the session goes on");
    }
  }

  /** The catalog is shared by every session: no statement may change it. */
  @Test
  void theCatalogCannotBeChanged() throws SQLException {
    try (Connection c = server.connect()) {
      for (String sql : List.of(
          "WITH a AS (SELECT 1) DELETE FROM tf_pg_catalog.pg_am",
          "WITH a AS (SELECT 1) INSERT INTO tf_pg_catalog.pg_am SELECT * FROM tf_pg_catalog.pg_am",
          "WITH a AS (SELECT 1) UPDATE tf_pg_catalog.pg_am SET amname = 'x'",
          "EXPLAIN ANALYZE DELETE FROM tf_pg_catalog.pg_am",
          "EXPLAIN ANALYZE WITH a AS (SELECT 1) DELETE FROM tf_pg_catalog.pg_am")) {
        assertEquals("0A000", sqlState(c, sql), sql);
      }
      for (String sql : List.of(
          "INSERT INTO pg_catalog.pg_am (oid, amname) VALUES (1, 'x')",
          "INSERT INTO tf_pg_catalog.pg_am SELECT * FROM tf_pg_catalog.pg_am",
          "DELETE FROM pg_am",
          "UPDATE pg_am SET amname = 'x'",
          "DROP TABLE tf_pg_catalog.pg_am")) {
        assertThrows(SQLException.class, () -> one(c, sql), sql);
      }
      assertEquals("7", one(c, "SELECT count(*) FROM pg_am"));
      assertEquals("7", one(c, "WITH a AS (SELECT 1) SELECT count(*) FROM pg_am, a"));
    }
  }

  private static String sqlState(Connection c, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> one(c, sql), sql);
    return e.getSQLState();
  }

  /** Grafana's PostgreSQL data source: version, schemas, tables and columns of the query editor. */
  @Test
  void grafanaMetadataQueries() throws SQLException {
    String searchPath = """
        quote_ident(table_schema) IN (
          SELECT CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s)""";
    try (Connection c = server.connect()) {
      assertEquals("1600", one(c, "SELECT current_setting('server_version_num')::int/100 as version"));
      assertEquals(List.of(), rows(c, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"));
      assertEquals(List.of("public"), rows(c, """
          SELECT schema_name AS "name" FROM information_schema.schemata
          WHERE schema_name NOT IN ('information_schema', 'pg_catalog', 'pg_toast', '_timescaledb_cache',
            '_timescaledb_catalog', '_timescaledb_internal', '_timescaledb_config', 'timescaledb_information',
            'timescaledb_experimental')
          ORDER BY schema_name"""));
      assertEquals(List.of("otel_logs_and_spans", "otel_metrics"), rows(c, """
          SELECT quote_ident(table_name) AS "table" FROM information_schema.tables
          WHERE quote_ident(table_schema) = 'public' ORDER BY 1"""));
      assertEquals(List.of("otel_logs_and_spans", "otel_metrics"), rows(c, """
          SELECT CASE WHEN %s THEN quote_ident(table_name) ELSE quote_ident(table_schema) || '.' || quote_ident(table_name) END AS "table"
          FROM information_schema.tables
          WHERE quote_ident(table_schema) NOT IN ('information_schema', 'pg_catalog', '_timescaledb_cache',
            '_timescaledb_catalog', '_timescaledb_internal', '_timescaledb_config', 'timescaledb_information',
            'timescaledb_experimental')
          ORDER BY CASE WHEN %s THEN 0 ELSE 1 END, 1""".formatted(searchPath, searchPath)));
      List<String> columns = rows(c, """
          SELECT quote_ident(column_name) || ' ' || data_type FROM information_schema.columns
          WHERE CASE WHEN array_length(parse_ident('otel_metrics'),1) = 2
              THEN quote_ident(table_schema) = (parse_ident('otel_metrics'))[1]
                AND quote_ident(table_name) = (parse_ident('otel_metrics'))[2]
              ELSE quote_ident(table_name) = 'otel_metrics' AND %s
            END""".formatted(searchPath));
      assertEquals(27, columns.size());
      assertEquals("project_id text", columns.get(0));
      assertEquals("\"timestamp\" timestamp with time zone", columns.get(2));
      assertEquals("histogram_bucket_counts ARRAY", columns.get(15));
    }
  }

  /** The queries DBeaver sends when it connects and opens the navigator. */
  @Test
  void dbeaverNavigatorQueries() throws SQLException {
    try (Connection c = server.connect()) {
      assertEquals(List.of("public"), rows(c, "SELECT current_schema(),session_user"));
      assertEquals(List.of("information_schema", "pg_catalog", "pg_toast", "public"), rows(c, """
          SELECT n.nspname FROM (SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n
          LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0
            AND d.classoid='pg_namespace'::regclass ORDER BY nspname) n"""));
      assertEquals(List.of("t"), rows(c, """
          SELECT typinput='pg_catalog.array_in'::regproc as is_array FROM pg_catalog.pg_type
          LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r from pg_namespace as ns
            join (select s.r, (current_schemas(false))[s.r] as nspname
                  from generate_series(1, array_upper(current_schemas(false), 1)) as s(r)) as r using (nspname)
          ) as sp ON sp.nspoid = typnamespace
          WHERE pg_type.oid = 1009 ORDER BY sp.r, pg_type.oid DESC"""));
      assertEquals(List.of("postgres"), rows(c, "SELECT db.datname FROM (SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname='postgres') db"));
      assertEquals(List.of("on"), rows(c, "SELECT setting FROM pg_catalog.pg_settings where name='standard_conforming_strings'"));
      assertTrue(one(c, "SELECT string_agg(word, ',') from pg_catalog.pg_get_keywords() where word <> ALL ('{a,abs,absolute}'::text[])")
          .contains("select"));
      assertEquals(List.of(), rows(c, "SELECT * FROM pg_catalog.pg_enum WHERE 1<>1 LIMIT 1"));
      assertTrue(rows(c, """
          SELECT t.typname FROM (SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod) as base_type_name,
            d.description FROM pg_catalog.pg_type t LEFT OUTER JOIN pg_catalog.pg_type et ON et.oid=t.typelem
            LEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid LEFT OUTER JOIN pg_catalog.pg_description d ON t.oid=d.objoid
            WHERE t.typname IS NOT NULL AND (c.relkind IS NULL OR c.relkind = 'c') AND (et.typcategory IS NULL OR et.typcategory <> 'C')) t""")
          .containsAll(List.of("text", "int8", "timestamptz", "json", "_text")));
      assertEquals(List.of("otel_logs_and_spans", "otel_metrics"), rows(c, """
          SELECT c.relname FROM pg_catalog.pg_class c LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid
            AND d.objsubid=0 AND d.classoid='pg_class'::regclass
          WHERE c.relnamespace=2200 AND c.relkind not in ('i','I','c') ORDER BY 1"""));
      assertEquals(91, rows(c, """
          SELECT a.attname FROM pg_catalog.pg_attribute a INNER JOIN pg_catalog.pg_class c ON (a.attrelid=c.oid)
          LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum = ad.adnum)
          LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)
          LEFT OUTER JOIN pg_depend dep on dep.refobjid = a.attrelid AND dep.deptype = 'i' and dep.refobjsubid = a.attnum
            and dep.classid = dep.refclassid
          WHERE NOT a.attisdropped AND c.relkind not in ('i','I','c') AND c.oid='otel_logs_and_spans'::regclass
          ORDER BY a.attnum""").size());
      assertEquals(List.of(), rows(c, """
          SELECT c.relname FROM pg_catalog.pg_index i INNER JOIN pg_catalog.pg_class c ON c.oid=i.indexrelid
          WHERE pg_catalog.pg_stat_get_numscans(i.indexrelid) >= 0 AND pg_catalog.pg_relation_size(i.indexrelid) IS NULL"""));
      assertEquals(List.of("heap", "btree", "hash", "gist", "gin", "brin", "spgist"), rows(c, "select amname from pg_catalog.pg_am order by oid"));
      assertEquals(List.of("pg_default", "pg_global"), rows(c, "SELECT t.spcname FROM pg_catalog.pg_tablespace t ORDER BY 1"));
      assertEquals(List.of("f"), rows(c, "SELECT pg_is_in_recovery()"));
    }
  }

  /** psycopg 3's TypeInfo.fetch and CompositeInfo.fetch, which look a type up by name. */
  @Test
  void psycopgTypeLookups() throws SQLException {
    try (Connection c = server.connect()) {
      assertEquals(List.of("json 114 199 json ,"), rows(c, """
          SELECT typname || ' ' || oid || ' ' || array_oid || ' ' || regtype || ' ' || delimiter FROM (
            SELECT typname AS name, oid, typarray AS array_oid, oid::regtype::text AS regtype, typdelim AS delimiter,
              typname FROM pg_type t WHERE t.oid = 'json'::regtype ORDER BY t.oid) x"""));
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("""
              SELECT t.typname AS name, t.oid AS oid, t.typarray AS array_oid, t.oid::regtype::text AS regtype,
                coalesce(a.fields, '{}') AS fields
              FROM pg_type t LEFT JOIN (SELECT attrelid, array_agg(attname) AS fields FROM pg_attribute GROUP BY attrelid) a
                ON a.attrelid = t.typrelid
              WHERE t.oid = 'text'::regtype""")) {
        assertTrue(rs.next());
        assertEquals("text", rs.getString("regtype"));
        assertEquals(0, ((Object[]) rs.getArray("fields").getArray()).length);
      }
    }
  }

  /** A catalog query that names a table only in a string reads none of its data files. */
  @Test
  void catalogQueriesReadNoTableFiles() throws Exception {
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO otel_logs_and_spans (project_id, timestamp, name) VALUES ('p', '2025-01-17 14:00:00+00', 'x')");
      server.server().flush();
      List<String> plan = rows(c, "EXPLAIN SELECT relname FROM pg_class WHERE relname ~ '^(otel_logs_and_spans)$'");
      assertTrue(plan.get(0).startsWith("TimeFusion scan of otel_logs_and_spans: 0 of 1 Delta files"), plan.get(0));
      assertEquals(List.of("otel_logs_and_spans"), rows(c, "SELECT relname FROM pg_class WHERE relname ~ '^(otel_logs_and_spans)$'"));
    }
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }
}
