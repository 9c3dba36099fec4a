package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc's DatabaseMetaData over TimeFusion: the catalog queries pgjdbc 42.7 sends answer without
 * errors, and describe the two tables and every column with the java.sql.Types and type names
 * pgjdbc reports for the same tables in PostgreSQL.
 */
class PgJdbcMetadataTest {
  /** What pgjdbc reports for each column type of the schemas, as it does against PostgreSQL 15. */
  private static final Map<String, Object[]> JDBC_TYPES =
      Map.ofEntries(
          Map.entry("text", new Object[] {Types.VARCHAR, "text"}),
          Map.entry("json", new Object[] {Types.OTHER, "json"}),
          Map.entry("bool", new Object[] {Types.BIT, "bool"}),
          Map.entry("int4", new Object[] {Types.INTEGER, "int4"}),
          Map.entry("int8", new Object[] {Types.BIGINT, "int8"}),
          Map.entry("float8", new Object[] {Types.DOUBLE, "float8"}),
          Map.entry("date", new Object[] {Types.DATE, "date"}),
          Map.entry("timestamptz", new Object[] {Types.TIMESTAMP, "timestamptz"}),
          Map.entry("text[]", new Object[] {Types.ARRAY, "_text"}),
          Map.entry("int8[]", new Object[] {Types.ARRAY, "_int8"}),
          Map.entry("float8[]", new Object[] {Types.ARRAY, "_float8"}));

  private static TestServer server;
  private static Connection conn;
  private static DatabaseMetaData md;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    conn = server.connect();
    md = conn.getMetaData();
  }

  @AfterAll
  static void stop() throws Exception {
    conn.close();
    server.close();
  }

  @Test
  void reportsPostgres16() throws SQLException {
    assertEquals("PostgreSQL", md.getDatabaseProductName());
    assertEquals(16, md.getDatabaseMajorVersion());
    assertTrue(md.getDatabaseProductVersion().startsWith("16."), md.getDatabaseProductVersion());
  }

  @Test
  void getTablesListsTheTwoTablesWithTheirDescriptions() throws SQLException {
    Map<String, String> remarks = new HashMap<>();
    try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        assertEquals("public", rs.getString("TABLE_SCHEM"));
        assertEquals("postgres", rs.getString("TABLE_CAT"));
        assertEquals("TABLE", rs.getString("TABLE_TYPE"));
        remarks.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
      }
    }
    Map<String, String> expected = new HashMap<>();
    for (TableSchema t : SchemaRegistry.load().tables()) expected.put(t.name(), t.description());
    assertEquals(expected, remarks);
    // all kinds: the catalog's own relations too, none of them a table of the user's
    List<String> types = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, "pg_catalog", "pg_class", null)) {
      while (rs.next()) types.add(rs.getString("TABLE_TYPE"));
    }
    assertEquals(List.of("SYSTEM TABLE"), types);
  }

  @Test
  void getColumnsDescribesEveryColumnAsForPostgres() throws SQLException {
    for (TableSchema t : SchemaRegistry.load().tables()) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < t.columns().size(); i++) {
        ColumnDef c = t.column(i);
        Object[] jdbc = JDBC_TYPES.get(c.type().pgName());
        expected.add(c.name() + " " + jdbc[0] + " " + jdbc[1] + " " + (i + 1) + " " + (c.nullable() ? "YES" : "NO")
            + " " + c.description());
      }
      List<String> actual = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "public", t.name(), "%")) {
        while (rs.next()) {
          assertEquals(t.name(), rs.getString("TABLE_NAME"));
          actual.add(rs.getString("COLUMN_NAME") + " " + rs.getInt("DATA_TYPE") + " " + rs.getString("TYPE_NAME") + " "
              + rs.getInt("ORDINAL_POSITION") + " " + rs.getString("IS_NULLABLE") + " " + rs.getString("REMARKS"));
        }
      }
      assertEquals(expected, actual, t.name());
    }
  }

  @Test
  void theTablesHaveNoKeysOrIndexes() throws SQLException {
    for (String table : List.of("otel_logs_and_spans", "otel_metrics")) {
      assertEquals(0, count(md.getPrimaryKeys(null, "public", table)), table);
      assertEquals(0, count(md.getIndexInfo(null, "public", table, false, true)), table);
      assertEquals(0, count(md.getImportedKeys(null, "public", table)), table);
      assertEquals(0, count(md.getExportedKeys(null, "public", table)), table);
      assertEquals(0, count(md.getBestRowIdentifier(null, "public", table, DatabaseMetaData.bestRowSession, true)), table);
    }
  }

  @Test
  void getTypeInfoKnowsTheColumnTypes() throws SQLException {
    Map<String, Integer> types = new HashMap<>();
    try (ResultSet rs = md.getTypeInfo()) {
      while (rs.next()) types.put(rs.getString("TYPE_NAME"), rs.getInt("DATA_TYPE"));
    }
    for (Object[] jdbc : JDBC_TYPES.values()) {
      assertEquals(jdbc[0], types.get((String) jdbc[1]), "getTypeInfo row of " + jdbc[1]);
    }
  }

  @Test
  void schemasCatalogsAndTheRestAnswer() throws SQLException {
    TreeSet<String> schemas = new TreeSet<>();
    try (ResultSet rs = md.getSchemas()) {
      while (rs.next()) schemas.add(rs.getString("TABLE_SCHEM"));
    }
    assertEquals(new TreeSet<>(List.of("information_schema", "pg_catalog", "public")), schemas);
    List<String> catalogs = new ArrayList<>();
    try (ResultSet rs = md.getCatalogs()) {
      while (rs.next()) catalogs.add(rs.getString(1));
    }
    assertEquals(List.of("postgres"), catalogs);
    assertFalse(count(md.getTableTypes()) == 0);
    assertEquals(0, count(md.getFunctions(null, "public", "%")));
    assertEquals(0, count(md.getProcedures(null, "public", "%")));
    assertEquals(0, count(md.getUDTs(null, null, null, null)));
    // the owner's privileges, as pgjdbc reports them for a table without an ACL
    int privileges = count(md.getTablePrivileges(null, "public", "otel_metrics"));
    assertEquals(7, privileges);
    assertEquals(
        privileges * SchemaRegistry.load().table("otel_metrics").orElseThrow().columns().size(),
        count(md.getColumnPrivileges(null, "public", "otel_metrics", "%")));
    // pgjdbc answers ctid itself, as it does for PostgreSQL
    assertEquals(1, count(md.getVersionColumns(null, "public", "otel_metrics")));
  }

  private static int count(ResultSet rs) throws SQLException {
    try (rs) {
      int n = 0;
      while (rs.next()) n++;
      return n;
    }
  }
}
