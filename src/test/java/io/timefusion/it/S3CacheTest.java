package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-tier cache in front of S3, observed by counting the object reads the S3 server serves:
 * files a flush writes are never downloaded, a warm query makes no data-file GET, a restart keeps
 * the disk tier, and the size bound and the time to live evict.
 */
class S3CacheTest {
  private static final String DATA = ".parquet";

  @TempDir Path scratch;
  private TestS3 s3;

  @BeforeEach
  void startS3() throws Exception {
    s3 = TestS3.start();
  }

  @AfterEach
  void stopS3() throws Exception {
    s3.close();
  }

  private Map<String, String> env(String prefix, String... more) {
    Map<String, String> env = new HashMap<>(s3.env(prefix));
    env.put("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600");
    for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
    return env;
  }

  static void insert(Connection c, String project, int from, int n) throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, id, name) VALUES ");
    for (int i = from; i < from + n; i++) {
      if (i > from) sql.append(", ");
      sql.append("('").append(project).append("', TIMESTAMPTZ '2026-11-0").append(1 + i % 3)
          .append(" 10:00:00+00' + INTERVAL '").append(i).append(" seconds', 'id-").append(i).append("', 'n')");
    }
    try (Statement s = c.createStatement()) {
      s.execute(sql.toString());
    }
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static final String QUERY = "SELECT count(*) FROM otel_logs_and_spans WHERE project_id IN ('a', 'b')";

  @Test
  void flushedFilesAreCachedAndARestartKeepsTheDiskTier() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-cache"));
    // stop(), not close(): close() would delete the data directory and with it the disk tier
    TestServer first = TestServer.startOn(dir, env("cache"));
    try (Connection c = first.connect()) {
      TestServer server = first;
      insert(c, "a", 0, 300);
      insert(c, "b", 300, 300);
      server.server().flush();
      long putsAfterFlush = s3.puts();
      assertTrue(putsAfterFlush > 0, "the flush uploaded nothing");
      assertEquals(600, count(c, QUERY));
      assertEquals(600, count(c, QUERY));
      assertEquals(0, s3.gets(DATA), "a query downloaded files this server had just uploaded");
    }
    first.stop();
    // same data directory: the disk tier is still there
    TestServer second = TestServer.startOn(dir, env("cache"));
    try (Connection c = second.connect()) {
      assertEquals(600, count(c, QUERY));
      assertEquals(0, s3.gets(DATA), "a restart lost the disk tier");
      assertTrue(count(c, "SELECT hits FROM timefusion_stats WHERE tier = 'disk'") > 0);
    }
    second.stop();
    // a server with an empty cache fetches each data file once, then serves warm queries locally
    Path other = Files.createDirectories(scratch.resolve("tf-cold"));
    try (TestServer server = TestServer.startOn(other, env("cache")); Connection c = server.connect()) {
      assertEquals(600, count(c, QUERY));
      long cold = s3.gets(DATA);
      long files = count(c, "SELECT entries FROM timefusion_stats WHERE tier = 'disk'");
      assertTrue(cold > 0, "a cold query read no data file");
      assertEquals(files, cold, "each data file should be fetched exactly once");
      assertEquals(600, count(c, QUERY));
      assertEquals(600, count(c, "SELECT count(DISTINCT id) FROM otel_logs_and_spans WHERE project_id = 'a' OR project_id = 'b'"));
      assertEquals(cold, s3.gets(DATA), "a warm query made a data-file GET");
      assertEquals(cold, count(c, "SELECT misses FROM timefusion_stats WHERE tier = 'disk'"));
      assertTrue(count(c, "SELECT hits FROM timefusion_stats WHERE tier = 'memory'") > 0, "Delta log never served from memory");
      server.stop();
    }
  }

  @Test
  void theSizeBoundEvictsLeastRecentlyUsedFiles() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-small"));
    // about 1 KiB: smaller than one data file, so nothing stays once a query ends
    try (TestServer server = TestServer.startOn(dir, env("small", "TIMEFUSION_FOYER_DISK_GB", "0.000001"));
        Connection c = server.connect()) {
      insert(c, "a", 0, 300);
      insert(c, "b", 300, 300);
      server.server().flush();
      assertEquals(600, count(c, QUERY)); // the pinned files stay while the query runs
      long first = s3.gets(DATA);
      assertEquals(600, count(c, QUERY));
      assertTrue(s3.gets(DATA) > first, "evicted files were not fetched again");
      assertTrue(count(c, "SELECT evictions FROM timefusion_stats WHERE tier = 'disk'") > 0);
      assertTrue(count(c, "SELECT bytes FROM timefusion_stats WHERE tier = 'disk'") <= 1 << 10);
      server.stop();
    }
  }

  @Test
  void entriesExpireAfterTheTimeToLive() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-ttl"));
    // long enough that a slow machine still reads a fresh entry twice within it
    try (TestServer server = TestServer.startOn(dir, env("ttl", "TIMEFUSION_FOYER_TTL_SECONDS", "5"));
        Connection c = server.connect()) {
      insert(c, "a", 0, 300);
      server.server().flush();
      assertEquals(300, count(c, QUERY));
      long beforeExpiry = s3.gets(DATA);
      Thread.sleep(5_500);
      assertEquals(300, count(c, QUERY));
      long afterRefetch = s3.gets(DATA);
      assertTrue(afterRefetch > beforeExpiry, "an expired entry was served");
      assertEquals(300, count(c, QUERY));
      assertEquals(afterRefetch, s3.gets(DATA), "a fresh entry was fetched again");
      server.stop();
    }
  }
}
