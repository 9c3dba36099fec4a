package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Queries running while flushes move rows from the buffer into Delta never miss or double a
 * row: every count lies between the rows acknowledged before the query started and after it ended.
 */
class FlushRaceTest {
  @Test
  void countsAreNeverWrongWhileFlushesCommit() throws Exception {
    try (TestServer server = TestServer.start(Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"))) {
      AtomicLong acked = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      List<String> errors = new CopyOnWriteArrayList<>();
      AtomicLong queries = new AtomicLong();
      AtomicLong flushes = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      threads.add(
          Thread.ofPlatform().start(() -> {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
              for (int b = 0; !stop.get(); b++) {
                StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, id) VALUES ");
                for (int i = 0; i < 100; i++) {
                  sql.append(i > 0 ? "," : "").append("('race', '2025-01-1").append(7 + (i % 2)).append(" 10:00:00', 'r-").append(b).append('-').append(i).append("')");
                }
                s.executeUpdate(sql.toString());
                acked.addAndGet(100);
              }
            } catch (Exception e) {
              errors.add("writer: " + e);
            }
          }));
      threads.add(
          Thread.ofPlatform().start(() -> {
            try {
              while (!stop.get()) {
                server.server().flush();
                flushes.incrementAndGet();
                Thread.sleep(20);
              }
            } catch (Exception e) {
              errors.add("flusher: " + e);
            }
          }));
      for (int r = 0; r < 2; r++) {
        threads.add(
            Thread.ofPlatform().start(() -> {
              try (Connection c = server.connect(); Statement s = c.createStatement()) {
                while (!stop.get()) {
                  long before = acked.get();
                  long count;
                  long distinct;
                  try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM otel_logs_and_spans WHERE project_id = 'race'")) {
                    rs.next();
                    count = rs.getLong(1);
                    distinct = rs.getLong(2);
                  }
                  long after = acked.get();
                  if (count != distinct) errors.add("doubled rows: " + count + " rows, " + distinct + " distinct");
                  if (count < before || count > after + 100) {
                    errors.add("count " + count + " outside [" + before + ", " + (after + 100) + "]");
                  }
                  queries.incrementAndGet();
                }
              } catch (Exception e) {
                errors.add("reader: " + e);
              }
            }));
      }
      Thread.sleep(6000);
      stop.set(true);
      for (Thread t : threads) t.join();
      assertEquals(List.of(), errors);
      assertTrue(flushes.get() > 5, "too few flushes: " + flushes.get());
      assertTrue(queries.get() > 20, "too few queries: " + queries.get());
      server.server().flush();
      try (Connection c = server.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = 'race'")) {
        rs.next();
        assertEquals(acked.get(), rs.getLong(1));
      }
    }
  }
}
