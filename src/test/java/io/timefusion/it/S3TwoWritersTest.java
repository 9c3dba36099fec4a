package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers (one in a child JVM, one in this one) ingest into the same table of one bucket,
 * flushing every second: their commits race on the same Delta log versions. Both sets of rows
 * must end up there exactly once, and the log must have no gap and no overwritten version.
 */
class S3TwoWritersTest {
  @TempDir Path scratch;

  private static void insert(Connection c, String writer, int from, int n) throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, id) VALUES ");
    for (int i = from; i < from + n; i++) {
      if (i > from) sql.append(", ");
      sql.append("('shared', TIMESTAMPTZ '2026-11-01 00:00:00+00' + INTERVAL '").append(i).append(" seconds', '")
          .append(writer).append("-").append(i).append("')");
    }
    try (Statement s = c.createStatement()) {
      assertEquals(n, s.executeUpdate(sql.toString()));
    }
  }

  @Test
  void twoServersCommittingToOneTableKeepEveryRowOnce() throws Exception {
    try (TestS3 s3 = TestS3.start()) {
      Map<String, String> env = new HashMap<>(s3.env("shared"));
      env.put("TIMEFUSION_FLUSH_INTERVAL_SECS", "1");
      Path dirA = Files.createDirectories(scratch.resolve("a"));
      Path dirB = Files.createDirectories(scratch.resolve("b"));
      int portB = ServerProcess.freePort();
      Process b = ServerProcess.start(dirB, portB, env);
      TestServer a = TestServer.startOn(dirA, env);
      int batches = 12;
      int perBatch = 50;
      try {
        Thread writerB =
            Thread.ofPlatform()
                .start(
                    () -> {
                      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + portB + "/postgres", "postgres", "postgres")) {
                        for (int i = 0; i < batches; i++) {
                          insert(c, "b", i * perBatch, perBatch);
                          Thread.sleep(250);
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    });
        try (Connection c = a.connect()) {
          for (int i = 0; i < batches; i++) {
            insert(c, "a", i * perBatch, perBatch);
            Thread.sleep(250);
          }
        }
        writerB.join();
      } finally {
        ServerProcess.terminate(b); // flushes what is left
        a.stop();
      }
      // the log: versions 0..n, each written once (a put-if-absent never overwrote one)
      List<Long> versions = new ArrayList<>();
      try (var store = s3.store("shared")) {
        for (var o : store.listFrom("otel_logs_and_spans/_delta_log/0")) {
          String name = o.key().substring(o.key().lastIndexOf('/') + 1);
          if (name.matches("\\d{20}\\.json")) versions.add(Long.parseLong(name.substring(0, 20)));
        }
      }
      for (int v = 0; v < versions.size(); v++) assertEquals(v, versions.get(v), "gap in the Delta log: " + versions);
      assertTrue(versions.size() > 3, "too few commits to have raced: " + versions);
      // a third server with an empty cache reads the table from S3
      Path dirC = Files.createDirectories(scratch.resolve("c"));
      try (TestServer reader = TestServer.startOn(dirC, env);
          Connection c = reader.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM otel_logs_and_spans WHERE project_id = 'shared'")) {
        Set<String> seen = new HashSet<>();
        while (rs.next()) assertTrue(seen.add(rs.getString(1)), "row stored twice: " + rs.getString(1));
        for (String w : List.of("a", "b")) {
          for (int i = 0; i < batches * perBatch; i++) assertTrue(seen.contains(w + "-" + i), "row lost: " + w + "-" + i);
        }
        assertEquals(2 * batches * perBatch, seen.size());
      }
      a.close();
    }
  }
}
