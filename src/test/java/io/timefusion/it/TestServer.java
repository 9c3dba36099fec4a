package io.timefusion.it;

import io.timefusion.TimeFusion;
import io.timefusion.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** A real TimeFusion server in this JVM, on a free loopback port and its own data directory. */
public final class TestServer implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final Path dataDir;
  private final Map<String, String> env;
  private TimeFusion server;

  private TestServer(Path dataDir, Map<String, String> extraEnv) {
    this.dataDir = dataDir;
    this.env = new HashMap<>();
    env.put("TIMEFUSION_DATA_DIR", dataDir.toString());
    env.put("PGWIRE_PORT", "0");
    env.put("TIMEFUSION_BIND_ADDRESS", "127.0.0.1");
    env.put("TIMEFUSION_DUCKDB_MEMORY_LIMIT_MB", "1024");
    if (onS3()) {
      // the wire suite's S3 mode: tables in the shared test bucket, under a prefix named after
      // the data directory, so a restart on the same directory finds its tables again
      try {
        env.putAll(TestS3.shared().env(s3Prefix(dataDir)));
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test S3 server", e);
      }
    }
    env.putAll(extraEnv);
  }

  /** The bucket prefix of a data directory in S3 mode: stable across restarts, distinct per directory. */
  public static String s3Prefix(Path dataDir) {
    Path abs = dataDir.toAbsolutePath().normalize();
    return "t-" + Integer.toHexString(abs.toString().hashCode()) + "-" + abs.getFileName();
  }

  /** Whether the object {@code key} (relative to the table root) is stored for this data directory. */
  public static boolean stored(Path dataDir, String key) throws Exception {
    if (!onS3()) return Files.exists(dataDir.resolve(key));
    try (var store = TestS3.shared().store(s3Prefix(dataDir))) {
      return store.stat(key).isPresent();
    }
  }

  /** Whether this run stores tables in S3 ({@code -Dtimefusion.test.storage=s3}) instead of a directory. */
  public static boolean onS3() {
    return "s3".equals(System.getProperty("timefusion.test.storage"));
  }

  /** The environment the server was started with (child processes of restart tests reuse it). */
  public Map<String, String> env() {
    return Map.copyOf(env);
  }

  public static TestServer start() throws Exception {
    return start(Map.of());
  }

  public static TestServer start(Map<String, String> env) throws Exception {
    TestServer t = new TestServer(Files.createTempDirectory("timefusion-test"), env);
    t.server = TimeFusion.start(Config.fromEnv(t.env));
    return t;
  }

  /** Starts a server on an existing data directory (restart tests). */
  public static TestServer startOn(Path dataDir, Map<String, String> env) throws Exception {
    TestServer t = new TestServer(dataDir, env);
    t.server = TimeFusion.start(Config.fromEnv(t.env));
    return t;
  }

  public TimeFusion server() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int port() {
    return server.port();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
  }

  /** The rows of {@code project} in otel_logs_and_spans, as pgjdbc reads them. */
  public long rowCount(String project) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = ?")) {
      ps.setString(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Stops the server gracefully (flushing to Delta), keeping the data directory. */
  public void stop() throws Exception {
    if (server != null) server.close();
    server = null;
  }

  @Override
  public void close() throws Exception {
    stop();
    if (!Boolean.getBoolean("timefusion.test.keepData")) deleteTree(dataDir);
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (var s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
