package io.timefusion.sql.pgcatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.PgTypeId;
import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.query.DuckDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed catalog describes itself and the tables consistently: each relation has the
 * columns pg_attribute lists for it, each column type is a pg_type row, and the names and OIDs of
 * pg_class, pg_type and the schemas agree with the table schemas and {@link PgTypeId}.
 */
class PgCatalogTest {
  @TempDir static Path tmp;
  static DuckDb duckdb;
  static Connection conn;

  @BeforeAll
  static void install() throws SQLException {
    duckdb = new DuckDb(256, 1, tmp, List.of(tmp));
    try (Connection c = duckdb.connect()) {
      PgCatalog.install(c, SchemaRegistry.load(), "16.6 (TimeFusion test)");
    }
    conn = duckdb.connect();
    PgCatalog.startSession(conn, new PgCatalog.Session("alice", "analytics", 4242), Map.of("TimeZone", "UTC"));
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
    duckdb.close();
  }

  private static List<String> column(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  @Test
  void everyCatalogRelationHasTheColumnsPgAttributeLists() throws SQLException {
    for (CatalogRelation r : CatalogRelations.ALL) {
      List<String> listed = column("SELECT attname || ' ' || atttypid FROM " + PgCatalog.DUCKDB_PG_CATALOG
          + ".pg_attribute WHERE attrelid = " + r.oid() + " ORDER BY attnum");
      List<String> actual = new ArrayList<>();
      try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + r.duckdbName() + " LIMIT 0")) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          CatalogRelation.Column c = r.columns().get(i - 1);
          String declared = c.duckdbType().replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE");
          assertEquals(declared, md.getColumnTypeName(i), r.name() + "." + c.name());
          actual.add(md.getColumnName(i) + " " + c.typeOid());
        }
      }
      assertEquals(listed, actual, r.name());
      assertEquals(List.of(r.name()), column("SELECT relname FROM " + PgCatalog.DUCKDB_PG_CATALOG + ".pg_class WHERE oid = " + r.oid()));
    }
  }

  @Test
  void tableColumnsAreDescribedByTheirSchemas() throws SQLException {
    for (TableSchema t : SchemaRegistry.load().tables()) {
      List<String> expected = new ArrayList<>();
      for (ColumnDef c : t.columns()) expected.add(c.name() + " " + c.type().pgOid() + " " + !c.nullable());
      assertEquals(expected, column("SELECT a.attname || ' ' || a.atttypid || ' ' || a.attnotnull FROM "
          + PgCatalog.DUCKDB_PG_CATALOG + ".pg_attribute a JOIN " + PgCatalog.DUCKDB_PG_CATALOG
          + ".pg_class c ON c.oid = a.attrelid WHERE c.relname = '" + t.name() + "' ORDER BY a.attnum"));
      assertEquals(List.of("public r " + t.columns().size()), column("SELECT n.nspname || ' ' || c.relkind || ' ' || c.relnatts FROM "
          + PgCatalog.DUCKDB_PG_CATALOG + ".pg_class c JOIN " + PgCatalog.DUCKDB_PG_CATALOG
          + ".pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = '" + t.name() + "'"));
    }
  }

  @Test
  void pgTypeHasEveryTypeAndArrayWithItsName() throws SQLException {
    String s = PgCatalog.DUCKDB_PG_CATALOG;
    for (PgTypeId t : PgTypeId.values()) {
      assertEquals(List.of(t.typname() + " " + t.arrayOid() + " " + t.typlen() + " " + t.category()),
          column("SELECT typname || ' ' || typarray || ' ' || typlen || ' ' || typcategory FROM " + s + ".pg_type WHERE oid = " + t.oid()));
      assertEquals(List.of(t.displayName()), column("SELECT " + s + ".format_type(" + t.oid() + ", NULL)"));
      assertEquals(List.of(Integer.toString(t.oid())), column("SELECT " + s + ".tf_regtype('" + t.typname() + "')"));
      if (t.arrayOid() != 0) {
        assertEquals(List.of("_" + t.typname() + " " + t.oid() + " array_in"),
            column("SELECT typname || ' ' || typelem || ' ' || typinput FROM " + s + ".pg_type WHERE oid = " + t.arrayOid()));
        assertEquals(List.of(t.displayName() + "[]"), column("SELECT " + s + ".format_type(" + t.arrayOid() + ", NULL)"));
      }
    }
    assertEquals(List.of("???"), column("SELECT " + s + ".format_type(99999, NULL)"));
  }

  @Test
  void relationNamesAndOidsRoundTrip() throws SQLException {
    String s = PgCatalog.DUCKDB_PG_CATALOG;
    Map<String, String> names = new LinkedHashMap<>();
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT c.oid, n.nspname, c.relname FROM " + s + ".pg_class c JOIN " + s
            + ".pg_namespace n ON n.oid = c.relnamespace")) {
      while (rs.next()) names.put(rs.getString(1), rs.getString(2) + "." + rs.getString(3));
    }
    assertTrue(names.size() > 60, names.toString());
    for (Map.Entry<String, String> e : names.entrySet()) {
      String qualified = e.getValue();
      assertEquals(List.of(e.getKey()), column("SELECT " + s + ".tf_regclass('" + qualified + "')"), qualified);
      String printed = qualified.startsWith("information_schema.") ? qualified : qualified.substring(qualified.indexOf('.') + 1);
      assertEquals(List.of(printed), column("SELECT " + s + ".tf_regclass_name(" + e.getKey() + ")"), qualified);
    }
  }

  @Test
  void everyFunctionTheRewriteCallsExists() throws SQLException {
    java.util.Set<String> macros = new java.util.TreeSet<>(column(
        "SELECT DISTINCT function_name FROM duckdb_functions() WHERE schema_name = '" + PgCatalog.DUCKDB_PG_CATALOG + "'"));
    java.util.Set<String> pg = new java.util.TreeSet<>(macros);
    pg.removeIf(f -> f.startsWith("tf_"));
    assertEquals(new java.util.TreeSet<>(CatalogFunctions.PG_FUNCTIONS), pg);
    for (String f : CatalogFunctions.VALUE_FUNCTIONS.values()) assertTrue(macros.contains(f), f);
    for (String kind : List.of("regclass", "regtype", "regnamespace", "regrole")) {
      assertTrue(macros.contains("tf_" + kind) && macros.contains("tf_" + kind + "_name"), kind);
    }
    assertTrue(macros.contains("tf_regproc") && macros.contains("tf_regproc_oid"));
  }

  @Test
  void sessionValuesComeFromTheSession() throws SQLException {
    String s = PgCatalog.DUCKDB_PG_CATALOG;
    assertEquals(List.of("alice analytics 4242 UTC"), column("SELECT " + s + ".tf_current_user() || ' ' || " + s
        + ".current_database() || ' ' || " + s + ".pg_backend_pid() || ' ' || " + s + ".current_setting('timezone')"));
    assertEquals(List.of("alice"), column("SELECT " + s + ".pg_get_userbyid(10)"));
    assertEquals(List.of("analytics"), column("SELECT datname FROM " + s + ".pg_database"));
    assertEquals(List.of("160006"), List.of(Integer.toString(PgCatalog.versionNumber("16.6 (TimeFusion 0.1.0)"))));
  }
}
