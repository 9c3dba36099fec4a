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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged rows survive restarts and kill -9, exactly once. */
class DurabilityTest {
  /** Data directories of the servers these tests start and kill; JUnit removes it afterwards. */
  @TempDir Path scratch;

  private static long count(Connection c, String project) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM otel_logs_and_spans WHERE project_id = '" + project + "'")) {
      rs.next();
      assertEquals(rs.getLong(1), rs.getLong(2), "duplicate rows");
      return rs.getLong(1);
    }
  }

  private static void insertRows(Connection c, String project, int from, int n) throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, id, name) VALUES ");
    for (int i = from; i < from + n; i++) {
      if (i > from) sql.append(',');
      int day = 17 + (i % 3);
      sql.append("('").append(project).append("', '2025-01-").append(day).append(" 10:00:00', 'id-").append(i).append("', 'n')");
    }
    try (Statement s = c.createStatement()) {
      assertEquals(n, s.executeUpdate(sql.toString()));
    }
  }

  @Test
  void rowsSurviveGracefulRestartAndWalReplay() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-restart"));
    // A long flush interval keeps rows in the buffer: the first restart replays them from the log.
    Map<String, String> env = Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600");
    TestServer a = TestServer.startOn(dir, env);
    try (Connection c = a.connect()) {
      insertRows(c, "restart", 0, 500);
    }
    a.stop(); // flushes to Delta
    TestServer b = TestServer.startOn(dir, env);
    try (Connection c = b.connect()) {
      assertEquals(500, count(c, "restart"));
      insertRows(c, "restart", 500, 250);
      assertEquals(750, count(c, "restart"));
    }
    b.stop();
    TestServer d = TestServer.startOn(dir, env);
    try (Connection c = d.connect()) {
      assertEquals(750, count(c, "restart"));
    }
    d.close();
  }

  @Test
  void checkpointsAreWrittenAndTheTableReopensFromThem() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-ckpt"));
    Map<String, String> env = Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600");
    TestServer a = TestServer.startOn(dir, env);
    try (Connection c = a.connect()) {
      for (int i = 0; i < 12; i++) {
        insertRows(c, "ckpt", i * 10, 10);
        a.server().flush();
      }
    }
    a.stop();
    String log = "otel_logs_and_spans/_delta_log/";
    assertTrue(TestServer.stored(dir, log + "_last_checkpoint"), "no checkpoint after 12 commits");
    assertTrue(TestServer.stored(dir, log + "00000000000000000010.checkpoint.parquet"));
    try (TestServer b = TestServer.startOn(dir, env); Connection c = b.connect()) {
      assertEquals(120, count(c, "ckpt"));
    }
  }

  @Test
  void crashBetweenDeltaCommitAndLogCleanupDoesNotDuplicateRows() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-idem"));
    Map<String, String> env = Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600");
    Path walCopy = Files.createDirectories(scratch.resolve("tf-idem-wal"));
    TestServer a = TestServer.startOn(dir, env);
    try (Connection c = a.connect()) {
      insertRows(c, "idem", 0, 300);
    }
    // The log as it was before the flush: every frame is acknowledged and fsynced.
    copyTree(dir.resolve("_wal"), walCopy);
    assertEquals(300, a.server().flush());
    a.stop();
    // Put the pre-flush log back, as if the server died after the Delta commit but before the
    // log segments were deleted: replay must skip what Delta already holds.
    deleteTree(dir.resolve("_wal"));
    copyTree(walCopy, dir.resolve("_wal"));
    Files.deleteIfExists(dir.resolve("_wal/wal.lock"));
    try (TestServer b = TestServer.startOn(dir, env); Connection c = b.connect()) {
      assertEquals(300, count(c, "idem"));
      b.server().flush();
      assertEquals(300, count(c, "idem"));
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    try (var files = Files.walk(p)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void sigtermFlushesTheBufferToDelta() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-term"));
    int port = ServerProcess.freePort();
    Process p = ServerProcess.start(dir, port, Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"));
    try {
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres")) {
        insertRows(c, "term", 0, 120);
      }
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "server did not stop on SIGTERM");
    } finally {
      p.destroyForcibly();
    }
    assertTrue(TestServer.stored(dir, "otel_logs_and_spans/_delta_log/00000000000000000001.json"), "no Delta commit on shutdown");
    try (TestServer after = TestServer.startOn(dir, Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"));
        Connection c = after.connect()) {
      assertEquals(120, count(c, "term"));
    }
  }

  @Test
  void everyAcknowledgedRowSurvivesKill9() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-kill"));
    int port = ServerProcess.freePort();
    // flushes race with the kill too
    Process p = ServerProcess.start(dir, port, Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "1"));
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    Set<String> acked = ConcurrentHashMap.newKeySet();
    try {
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
                        for (int batch = 0; !stop.get(); batch++) {
                          int from = (writer * 1_000_000) + batch * 50;
                          insertRows(c, "kill", from, 50);
                          for (int i = from; i < from + 50; i++) acked.add("id-" + i);
                        }
                      } catch (SQLException expected) {
                        // the server died under us: rows of the failed statement were never acknowledged
                      }
                    }));
      }
      Thread.sleep(2500);
      p.destroyForcibly(); // SIGKILL
      p.waitFor(30, TimeUnit.SECONDS);
      stop.set(true);
      for (Thread t : writers) t.join();
    } finally {
      p.destroyForcibly();
    }
    assertTrue(acked.size() > 500, "too few rows acknowledged before the kill: " + acked.size());
    try (TestServer after = TestServer.startOn(dir, Map.of());
        Connection c = after.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM otel_logs_and_spans WHERE project_id = 'kill'")) {
      Set<String> seen = new HashSet<>();
      while (rs.next()) assertTrue(seen.add(rs.getString(1)), "row stored twice: " + rs.getString(1));
      for (String id : acked) assertTrue(seen.contains(id), "acknowledged row lost: " + id);
    }
  }

  @Test
  void anAcknowledgedCopyOfSeveralBatchesSurvivesKill9() throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("tf-copy-kill"));
    int port = ServerProcess.freePort();
    // no flush: the rows are only in the log
    Process p = ServerProcess.start(dir, port, Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"));
    int rows = 40_000; // several Arrow batches, logged as one multi-frame WAL record
    try {
      StringBuilder data = new StringBuilder();
      for (int i = 0; i < rows; i++) data.append("copy-kill\t2025-01-17 10:00:00\tid-").append(i).append('\n');
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres")) {
        long n = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
            .copyIn("COPY otel_logs_and_spans (project_id, timestamp, id) FROM STDIN", new java.io.StringReader(data.toString()));
        assertEquals(rows, n);
      }
      p.destroyForcibly(); // SIGKILL right after the acknowledgement
      p.waitFor(30, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }
    try (TestServer after = TestServer.startOn(dir, Map.of()); Connection c = after.connect()) {
      assertEquals(rows, count(c, "copy-kill"));
    }
  }
}
