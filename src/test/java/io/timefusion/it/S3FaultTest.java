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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unreliable store loses nothing: while S3 is down or failing requests, inserts are still
 * acknowledged and queries still answer; once it is back, every acknowledged row is in Delta
 * exactly once.
 */
class S3FaultTest {
  @TempDir Path scratch;
  private TestS3 s3;

  @BeforeEach
  void startS3() throws Exception {
    s3 = TestS3.start();
  }

  @AfterEach
  void stopS3() throws Exception {
    s3.failFraction(0);
    s3.close();
  }

  private Map<String, String> env(String prefix, String flushSecs) {
    Map<String, String> env = new HashMap<>(s3.env(prefix));
    env.put("TIMEFUSION_FLUSH_INTERVAL_SECS", flushSecs);
    return env;
  }

  private static void insert(Connection c, int from, int n) throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, id) VALUES ");
    for (int i = from; i < from + n; i++) {
      if (i > from) sql.append(", ");
      sql.append("('f', TIMESTAMPTZ '2026-11-0").append(1 + i % 2).append(" 00:00:00+00' + INTERVAL '").append(i)
          .append(" seconds', 'id-").append(i).append("')");
    }
    try (Statement s = c.createStatement()) {
      assertEquals(n, s.executeUpdate(sql.toString()));
    }
  }

  /** Every id of {@code [0, n)} exactly once, read by a server with an empty cache (so from S3 itself). */
  private void assertExactlyOnceInS3(String prefix, int n) throws Exception {
    Path fresh = Files.createDirectories(scratch.resolve("reader-" + prefix));
    try (TestServer reader = TestServer.startOn(fresh, env(prefix, "3600"));
        Connection c = reader.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM otel_logs_and_spans WHERE project_id = 'f'")) {
      Set<String> seen = new HashSet<>();
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertTrue(seen.add(rs.getString(1)), "row stored twice: " + rs.getString(1));
      }
      for (int i = 0; i < n; i++) assertTrue(seen.contains("id-" + i), "acknowledged row lost: id-" + i);
      assertEquals(n, rows);
    }
  }

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'f'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void anOutageDuringIngestionLosesAndDuplicatesNothing() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-outage"));
    TestServer server = TestServer.startOn(dir, env("outage", "1"));
    try (Connection c = server.connect()) {
      insert(c, 0, 200);
      server.server().flush(); // some rows in Delta (and in the disk cache) before the outage
      s3.stop();
      for (int b = 1; b < 10; b++) {
        insert(c, b * 200, 200); // acknowledged: in the write-ahead log and the buffer
        assertEquals((b + 1) * 200L, count(c), "a query over Delta and buffer failed to see every row");
        Thread.sleep(150); // the scheduler's flushes fail and back off meanwhile
      }
      assertTrue(failsToFlush(server), "a flush succeeded while S3 was down");
      s3.resume();
      server.server().flush();
      assertEquals(2000, count(c));
    }
    server.stop();
    assertExactlyOnceInS3("outage", 2000);
    server.close();
  }

  private static boolean failsToFlush(TestServer server) {
    try {
      server.server().flush();
      return false;
    } catch (Exception expected) {
      return true;
    }
  }

  @Test
  void failingRequestsDuringIngestionAndFlushesLoseAndDuplicateNothing() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-flaky"));
    TestServer server = TestServer.startOn(dir, env("flaky", "1"));
    try (Connection c = server.connect()) {
      s3.failFraction(0.3);
      for (int b = 0; b < 15; b++) {
        insert(c, b * 100, 100);
        Thread.sleep(100); // flushes every second, a third of their requests failing
      }
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          server.server().flush();
        } catch (Exception retriedLater) {
          // a flush that fails keeps its rows buffered and logged
        }
      }
      assertTrue(s3.injectedFailures() > 0, "no request failed: the test tested nothing");
      s3.failFraction(0);
      server.server().flush();
      assertEquals(1500, count(c));
    }
    server.stop();
    assertExactlyOnceInS3("flaky", 1500);
    server.close();
  }

  @Test
  void aServerStartsWhileS3IsDownOnlyWithAClearError() throws Exception {
    s3.stop();
    Path dir = Files.createDirectories(scratch.resolve("tf-down"));
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> TestServer.startOn(dir, env("down", "60")));
    String message = String.valueOf(e.getMessage()) + " " + String.valueOf(e.getCause());
    assertTrue(message.contains("s3://") || message.contains("127.0.0.1"), "unclear start-up error: " + message);
    s3.resume();
  }
}
