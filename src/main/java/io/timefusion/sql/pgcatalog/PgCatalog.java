package io.timefusion.sql.pgcatalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.sql.pgcatalog.CatalogRelation.Column;
import io.timefusion.sql.pgcatalog.CatalogRelation.Namespace;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL system catalog as clients see it: pg_catalog and information_schema relations and
 * the catalog and session functions, built from the table schemas and {@link
 * io.timefusion.catalog.PgTypeId} and installed once into two DuckDB schemas. Each session sets
 * its own user, database, backend pid and settings as DuckDB variables, which the session-dependent
 * views and functions read.
 */
public final class PgCatalog {
  /** The DuckDB schema of pg_catalog's relations and of the functions. */
  public static final String DUCKDB_PG_CATALOG = "tf_pg_catalog";
  /** The DuckDB schema of information_schema's relations. */
  public static final String DUCKDB_INFORMATION_SCHEMA = "tf_information_schema";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSION = Pattern.compile("^(\\d+)(?:\\.(\\d+))?");

  private PgCatalog() {}

  /**
   * Creates the catalog in the database behind {@code duckdb}: its schemas, tables with their rows,
   * views and functions. Called once at start-up.
   */
  public static void install(Connection duckdb, SchemaRegistry registry, String serverVersion) throws SQLException {
    CatalogContents contents = new CatalogContents(registry);
    try (Statement s = duckdb.createStatement()) {
      s.execute("CREATE SCHEMA " + DUCKDB_PG_CATALOG);
      s.execute("CREATE SCHEMA " + DUCKDB_INFORMATION_SCHEMA);
      for (CatalogRelation r : CatalogRelations.ALL) {
        if (CatalogViews.SQL.containsKey(r.name())) continue;
        s.execute(r.createTable());
        insert(duckdb, r, contents.rows(r.name()));
      }
      // what pg_get_keywords() lists: not a relation of PostgreSQL's catalog, so not in pg_class
      CatalogRelation keywords = CatalogRelation.of(Namespace.PG_CATALOG, 'r', 0, "tf_keywords", "word text, catcode char, barelabel bool");
      s.execute(keywords.createTable());
      List<Object[]> rows = new ArrayList<>();
      for (PgKeywords.Keyword k : PgKeywords.all()) rows.add(new Object[] {k.word(), k.catcode(), k.barelabel()});
      insert(duckdb, keywords, rows);
      // macros bind the tables they read when created; views, the macros they call
      for (String macro : CatalogFunctions.macros(contents, serverVersion)) s.execute(macro);
      for (Map.Entry<String, String> v : CatalogViews.SQL.entrySet()) {
        s.execute(relation(v.getKey()).createView(v.getValue()));
      }
    }
  }

  private static CatalogRelation relation(String name) {
    for (CatalogRelation r : CatalogRelations.ALL) {
      if (r.name().equals(name)) return r;
    }
    throw new IllegalStateException("no catalog relation " + name);
  }

  /** Inserts rows as one JSON array: one statement, whatever the number of rows. */
  private static void insert(Connection duckdb, CatalogRelation r, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) return;
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(r.duckdbName()).append(" SELECT ");
    List<Column> cols = r.columns();
    for (int i = 0; i < cols.size(); i++) {
      if (i > 0) sql.append(", ");
      String path = "'$[" + i + "]'";
      Column c = cols.get(i);
      if (c.duckdbType().equals("VARCHAR")) {
        sql.append("json_extract_string(r, ").append(path).append(")");
      } else {
        sql.append("CAST(json_extract(r, ").append(path).append(") AS ").append(c.duckdbType()).append(")");
      }
    }
    sql.append(" FROM (SELECT unnest(CAST(CAST(? AS JSON) AS JSON[])) AS r)");
    for (Object[] row : rows) {
      if (row.length != cols.size()) {
        throw new IllegalStateException(r.name() + ": a row of " + row.length + " values for " + cols.size() + " columns");
      }
    }
    try (PreparedStatement ps = duckdb.prepareStatement(sql.toString())) {
      ps.setString(1, json(rows));
      ps.execute();
    }
  }

  private static String json(List<Object[]> rows) {
    try {
      return JSON.writeValueAsString(rows);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("catalog rows that are not JSON", e);
    }
  }

  /** What one client session is: the values its catalog views and functions report. */
  public record Session(String user, String database, int processId, InetSocketAddress server, InetSocketAddress client) {
    public Session(String user, String database, int processId) {
      this(user, database, processId, null, null);
    }
  }

  private static String address(InetSocketAddress a) {
    return a == null || a.getAddress() == null ? "CAST(NULL AS VARCHAR)" : CatalogFunctions.literal(a.getAddress().getHostAddress());
  }

  private static String port(InetSocketAddress a) {
    return a == null ? "CAST(NULL AS INTEGER)" : Integer.toString(a.getPort());
  }

  /** Sets a new connection's session values and settings; call once before its first query. */
  public static void startSession(Connection duckdb, Session session, Map<String, String> settings) throws SQLException {
    try (Statement s = duckdb.createStatement()) {
      s.execute("SET VARIABLE tf_user = " + CatalogFunctions.literal(session.user()));
      s.execute("SET VARIABLE tf_database = " + CatalogFunctions.literal(session.database()));
      s.execute("SET VARIABLE tf_pid = " + session.processId());
      s.execute("SET VARIABLE tf_server_addr = " + address(session.server()));
      s.execute("SET VARIABLE tf_server_port = " + port(session.server()));
      s.execute("SET VARIABLE tf_client_addr = " + address(session.client()));
      s.execute("SET VARIABLE tf_client_port = " + port(session.client()));
    }
    publishSettings(duckdb, settings);
  }

  /**
   * Makes the session's settings what current_setting() and pg_settings answer; call after each
   * SET. pg_settings lists {@code tf_settings}; current_setting() looks names up case-insensitively
   * in {@code tf_setting_values}, keyed by lower-case name.
   */
  public static void publishSettings(Connection duckdb, Map<String, String> settings) throws SQLException {
    Map<String, String> byLowerName = new LinkedHashMap<>();
    settings.forEach((k, v) -> byLowerName.put(k.toLowerCase(Locale.ROOT), v));
    try (Statement s = duckdb.createStatement()) {
      s.execute("SET VARIABLE tf_settings = " + mapLiteral(settings));
      s.execute("SET VARIABLE tf_setting_values = " + mapLiteral(byLowerName));
    }
  }

  private static String mapLiteral(Map<String, String> entries) {
    StringBuilder map = new StringBuilder("MAP {");
    boolean first = true;
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (!first) map.append(", ");
      first = false;
      map.append(CatalogFunctions.literal(e.getKey())).append(": ").append(CatalogFunctions.literal(e.getValue()));
    }
    // an empty MAP {} has no key type: name it
    return map.append("}::MAP(VARCHAR, VARCHAR)").toString();
  }

  /**
   * Settings a PostgreSQL server of this version reports beyond the session's own: what drivers
   * and tools read with current_setting() or from pg_settings.
   */
  public static Map<String, String> serverSettings(String serverVersion) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("server_version_num", Integer.toString(versionNumber(serverVersion)));
    s.put("max_index_keys", "32");
    s.put("max_function_args", "100");
    s.put("block_size", "8192");
    s.put("lc_collate", "C");
    s.put("lc_ctype", "C");
    s.put("default_transaction_read_only", "off");
    s.put("transaction_read_only", "off");
    return s;
  }

  /** server_version_num: 160006 for "16.6 (TimeFusion 0.1.0)". */
  static int versionNumber(String serverVersion) {
    Matcher m = VERSION.matcher(serverVersion);
    if (!m.find()) throw new IllegalArgumentException("not a PostgreSQL version: " + serverVersion);
    return Integer.parseInt(m.group(1)) * 10000 + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
  }

  /** What version() answers, in PostgreSQL's form ("PostgreSQL 16.6 ... on x86_64-pc-linux-gnu, 64-bit"). */
  static String versionString(String serverVersion) {
    String arch = System.getProperty("os.arch", "");
    arch = arch.equals("amd64") ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch;
    return "PostgreSQL " + serverVersion + " on " + arch + "-pc-linux-gnu, 64-bit";
  }

  /**
   * The DuckDB relation that a client's reference {@code schema.name} means, or null when it is
   * not one of the catalog's: {@code schema} is "pg_catalog", "information_schema", or empty for
   * an unqualified name (which finds pg_catalog's relations, as PostgreSQL's search path does).
   */
  public static String duckdbRelation(String schema, String name) {
    CatalogRelation r = find(schema, name);
    return r == null ? null : r.duckdbName();
  }

  /**
   * The OID of the catalog relation that a client's reference {@code schema.name} means (as for
   * {@link #duckdbRelation}), or null: what its system column tableoid holds.
   */
  public static Integer relationOid(String schema, String name) {
    CatalogRelation r = find(schema, name);
    return r == null ? null : r.oid();
  }

  private static CatalogRelation find(String schema, String name) {
    Namespace ns =
        switch (schema.toLowerCase(Locale.ROOT)) {
          case "", "pg_catalog" -> Namespace.PG_CATALOG;
          case "information_schema" -> Namespace.INFORMATION_SCHEMA;
          default -> null;
        };
    return ns == null ? null : CatalogRelations.find(ns, name.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code name} is a PostgreSQL function the catalog schema implements. */
  public static boolean isFunction(String name) {
    return CatalogFunctions.PG_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code name} is a catalog function that returns a table (one a client calls in FROM). */
  public static boolean isTableFunction(String name) {
    return CatalogFunctions.TABLE_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The catalog function a SQL value keyword ({@code current_user}, {@code current_schema}...) calls, or null. */
  public static String valueFunction(String keyword) {
    return CatalogFunctions.VALUE_FUNCTIONS.get(keyword.toLowerCase(Locale.ROOT));
  }
}
