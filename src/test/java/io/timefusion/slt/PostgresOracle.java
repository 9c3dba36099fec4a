package io.timefusion.slt;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A real PostgreSQL used as the oracle: every expectation in the .slt files and the psql session
 * must be what it answers. It runs only on a developer's machine (see {@code
 * src/test/oracle/start-postgres.sh}); the tests that use it are enabled with {@code
 * -Dslt.oracle=true}. Each caller gets its own freshly created database, so reruns start clean.
 */
public final class PostgresOracle {
  public static final String ENABLED_PROPERTY = "slt.oracle";

  public final String host = System.getProperty("slt.oracle.host", "127.0.0.1");
  public final int port = Integer.getInteger("slt.oracle.port", 55432);
  public final String user = System.getProperty("slt.oracle.user", "postgres");
  public final String password = System.getProperty("slt.oracle.password", "postgres");

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(database), p);
  }

  /**
   * Drops and recreates {@code database} in UTC with the TimeFusion tables and the functions
   * TimeFusion offers beyond PostgreSQL's own.
   */
  public void recreate(String database) throws SQLException {
    recreate(database, schemaDdl(SchemaRegistry.load()));
  }

  /**
   * Drops and recreates {@code database} with TimeFusion's tables as its catalog describes them
   * (columns, NOT NULL, descriptions as comments) and nothing else: what psql's catalog commands
   * and the drivers' metadata queries must show for TimeFusion too.
   */
  public void recreateTablesOnly(String database) throws SQLException {
    recreate(database, tableDdl(SchemaRegistry.load()));
  }

  private void recreate(String database, List<String> ddl) throws SQLException {
    try (Connection admin = connect("postgres"); Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      // Byte-order collation, as DuckDB compares strings.
      st.execute("CREATE DATABASE " + database
          + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
      st.execute("ALTER DATABASE " + database + " SET timezone TO 'UTC'");
    }
    try (Connection conn = connect(database); Statement st = conn.createStatement()) {
      for (String statement : ddl) st.execute(statement);
    }
  }

  /** DDL that makes PostgreSQL behave like TimeFusion for the tables in {@code registry}. */
  static List<String> schemaDdl(SchemaRegistry registry) {
    List<String> ddl = new ArrayList<>();
    // TimescaleDB's time_bucket; its origin for sub-month buckets is Monday 2000-01-03 UTC.
    ddl.add("""
        CREATE FUNCTION time_bucket(bucket interval, ts timestamptz) RETURNS timestamptz
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT date_bin(bucket, ts, TIMESTAMPTZ '2000-01-03 00:00:00+00') $$""");
    // TimeFusion derives date (a partition column) as the UTC day of timestamp when omitted.
    ddl.add("""
        CREATE FUNCTION timefusion_derive_date() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.date IS NULL THEN NEW.date := (NEW.timestamp AT TIME ZONE 'UTC')::date; END IF;
          RETURN NEW;
        END $$""");
    for (TableSchema t : registry.tables()) {
      ddl.add(createTable(t));
      if (t.indexOf("date") >= 0 && t.indexOf("timestamp") >= 0) {
        ddl.add("CREATE TRIGGER derive_date BEFORE INSERT ON " + quote(t.name())
            + " FOR EACH ROW EXECUTE FUNCTION timefusion_derive_date()");
      }
    }
    return ddl;
  }

  /** CREATE TABLE and COMMENT ON for each table: its definition as the catalog shows it. */
  static List<String> tableDdl(SchemaRegistry registry) {
    List<String> ddl = new ArrayList<>();
    for (TableSchema t : registry.tables()) {
      ddl.add(createTable(t));
      if (!t.description().isEmpty()) ddl.add("COMMENT ON TABLE " + quote(t.name()) + " IS " + literal(t.description()));
      for (ColumnDef c : t.columns()) {
        if (c.description() != null && !c.description().isEmpty()) {
          ddl.add("COMMENT ON COLUMN " + quote(t.name()) + "." + quote(c.name()) + " IS " + literal(c.description()));
        }
      }
    }
    return ddl;
  }

  private static String createTable(TableSchema t) {
    StringBuilder sb = new StringBuilder("CREATE TABLE ").append(quote(t.name())).append(" (");
    for (int i = 0; i < t.columns().size(); i++) {
      ColumnDef c = t.column(i);
      if (i > 0) sb.append(", ");
      sb.append("\n  ").append(quote(c.name())).append(' ').append(c.type().pgName());
      if (!c.nullable()) sb.append(" NOT NULL");
    }
    return sb.append("\n)").toString();
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
