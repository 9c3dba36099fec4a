package io.timefusion.query;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * The embedded DuckDB instance: one in-memory database holding the write buffer, with one
 * connection per client session (each sees its own temporary snapshot views).
 */
public final class DuckDb implements AutoCloseable {
  private final DuckDBConnection root;

  public DuckDb(long memoryLimitMb, int threads, Path spillDir) throws SQLException {
    Properties p = new Properties();
    p.setProperty("memory_limit", memoryLimitMb + "MB");
    if (threads > 0) p.setProperty("threads", Integer.toString(threads));
    p.setProperty("temp_directory", spillDir.toString());
    p.setProperty("autoinstall_known_extensions", "false");
    p.setProperty("autoload_known_extensions", "false");
    root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", p);
    try (Statement s = root.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("CREATE SCHEMA IF NOT EXISTS tf_buffer");
    }
  }

  /** A new connection to the same database, set up with PostgreSQL-compatible session settings. */
  public DuckDBConnection connect() throws SQLException {
    DuckDBConnection c = (DuckDBConnection) root.duplicate();
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET integer_division = true");
    }
    return c;
  }

  @Override
  public void close() throws SQLException {
    root.close();
  }
}
