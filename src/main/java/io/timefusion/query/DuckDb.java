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

  /**
   * Functions the PostgreSQL rewrites ({@code io.timefusion.sql.rewrite}) call, in the main
   * schema so that every connection sees them: division and modulo that raise on zero as
   * PostgreSQL does (// is DuckDB's integer division for
   * integers and plain division otherwise; a macro body does not see the session's
   * integer_division setting), and extract(epoch) as numeric with microsecond scale.
   */
  private static final String[] PG_MACROS = {
    "CREATE OR REPLACE MACRO tf_div(a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a // b END",
    "CREATE OR REPLACE MACRO tf_mod(a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a % b END",
    "CREATE OR REPLACE MACRO tf_epoch(x) AS CAST(epoch_us(x) AS DECIMAL(38, 0)) * 0.000001",
    // PostgreSQL's percentile_cont over sorted non-null values: lo + (hi - lo) * frac.
    "CREATE OR REPLACE MACRO tf_percentile_at(l, p) AS CASE WHEN len(l) = 0 THEN NULL ELSE"
        + " l[floor(p * (len(l) - 1))::BIGINT + 1] + (p * (len(l) - 1) - floor(p * (len(l) - 1)))"
        + " * (l[ceil(p * (len(l) - 1))::BIGINT + 1] - l[floor(p * (len(l) - 1))::BIGINT + 1]) END",
    "CREATE OR REPLACE MACRO tf_percentile_cont(l, f) AS tf_percentile_at(list_filter(l, lambda v: v IS NOT NULL), f::DOUBLE)",
  };

  /**
   * @param readableDirs the only directories the engine may touch (table data, flush scratch):
   *     clients cannot read or write other files through it (read_csv('/etc/passwd'), ATTACH,
   *     INSTALL...), and the restriction cannot be lifted while the database runs
   */
  public DuckDb(long memoryLimitMb, int threads, Path spillDir, java.util.List<Path> readableDirs) throws SQLException {
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
      for (String macro : PG_MACROS) s.execute(macro);
      StringBuilder dirs = new StringBuilder();
      for (Path d : readableDirs) {
        if (!dirs.isEmpty()) dirs.append(", ");
        dirs.append("'").append(d.toAbsolutePath().normalize().toString().replace("'", "''")).append("/'");
      }
      s.execute("SET allowed_directories = [" + dirs + "]");
      s.execute("SET enable_external_access = false");
    }
  }

  /** A new connection to the same database, set up with PostgreSQL-compatible session settings. */
  public DuckDBConnection connect() throws SQLException {
    DuckDBConnection c = (DuckDBConnection) root.duplicate();
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET integer_division = true");
      // PostgreSQL's -> and ->> are JSON operators; DuckDB reads a single arrow as a lambda.
      s.execute("SET lambda_syntax = 'DISABLE_SINGLE_ARROW'");
    }
    return c;
  }

  @Override
  public void close() throws SQLException {
    root.close();
  }
}
