package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning, observed where it matters: the data-file GETs a server with an empty cache makes at
 * the S3 server. Project predicates prune partitions, timestamp ranges prune files by their
 * statistics (literals, parameters, BETWEEN, now() arithmetic), lookups of ids by the files'
 * lookup sidecars, and EXPLAIN says how many files a query reads of how many. Answers are the same with and without pruning.
 */
class S3PruningTest {
  @TempDir Path scratch;

  /** 3 projects x 4 days, one flush per day: 12 files. */
  private static void load(Connection c, TestServer server) throws Exception {
    for (int day = 1; day <= 4; day++) {
      for (String p : List.of("p1", "p2", "p3")) {
        StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, id) VALUES ");
        for (int i = 0; i < 50; i++) {
          if (i > 0) sql.append(", ");
          sql.append("('").append(p).append("', TIMESTAMPTZ '2026-11-0").append(day).append(" 10:00:00+00' + INTERVAL '")
              .append(i).append(" minutes', '").append(p).append("-").append(day).append("-").append(i).append("')");
        }
        try (Statement s = c.createStatement()) {
          s.execute(sql.toString());
        }
      }
      server.server().flush();
    }
  }

  private static long scalar(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> explain(Connection c, String sql) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) lines.add(rs.getString(1));
    }
    return lines;
  }

  @Test
  void aColdQueryFetchesOnlyTheFilesItsPredicatesKeep() throws Exception {
    try (TestS3 s3 = TestS3.start()) {
      Map<String, String> env = new HashMap<>(s3.env("prune"));
      env.put("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600");
      Path writerDir = Files.createDirectories(scratch.resolve("writer"));
      try (TestServer writer = TestServer.startOn(writerDir, env); Connection c = writer.connect()) {
        load(c, writer);
        assertEquals(600, scalar(c, "SELECT count(*) FROM otel_logs_and_spans WHERE project_id IN ('p1', 'p2', 'p3')"));
        writer.stop();
      }
      // each check on a fresh server: an empty cache, so every data file it reads is a GET
      record Case(String where, long rows, long files) {}
      List<Case> cases =
          List.of(
              new Case("project_id = 'p1'", 200, 4),
              new Case("project_id IN ('p1', 'p3')", 400, 8),
              new Case("(project_id = 'p1' OR project_id = 'p2') AND timestamp >= '2026-11-03 00:00:00+00'", 200, 4),
              new Case("project_id = 'p2' AND timestamp >= '2026-11-02 10:30:00+00' AND timestamp < TIMESTAMPTZ '2026-11-03 00:00:00+00'", 20, 1),
              new Case("project_id = 'p2' AND timestamp BETWEEN '2026-11-01 10:10:00' AND '2026-11-02 10:05:00'", 46, 2),
              new Case("project_id = 'p3' AND date = '2026-11-04'", 50, 1),
              new Case("project_id = 'p3' AND timestamp > now() - INTERVAL '1 hour'", 0, 0));
      int n = 0;
      for (Case k : cases) {
        Path dir = Files.createDirectories(scratch.resolve("reader" + n++));
        try (TestServer reader = TestServer.startOn(dir, env); Connection c = reader.connect()) {
          long before = s3.gets(".parquet");
          assertEquals(k.rows(), scalar(c, "SELECT count(*) FROM otel_logs_and_spans WHERE " + k.where()), k.where());
          assertEquals(k.files(), s3.gets(".parquet") - before, "data files fetched for " + k.where());
          String scan = explain(c, "SELECT * FROM otel_logs_and_spans WHERE " + k.where()).get(0);
          assertTrue(scan.contains(": " + k.files() + " of 12 Delta files"), scan);
          reader.stop();
        }
      }
      // a prepared statement prunes by its parameter values
      Path dir = Files.createDirectories(scratch.resolve("prepared"));
      try (TestServer reader = TestServer.startOn(dir, env);
          Connection c = reader.connect();
          PreparedStatement ps =
              c.prepareStatement("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = ? AND timestamp >= ? AND timestamp < ?")) {
        long before = s3.gets(".parquet");
        ps.setString(1, "p1");
        ps.setObject(2, OffsetDateTime.of(2026, 11, 4, 0, 0, 0, 0, ZoneOffset.UTC));
        ps.setObject(3, OffsetDateTime.of(2026, 11, 5, 0, 0, 0, 0, ZoneOffset.UTC));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(50, rs.getLong(1));
        }
        assertEquals(1, s3.gets(".parquet") - before, "a parameterized query fetched more than its one file");
        // a tag facet's unnest runs in a subquery beside the table: the table's predicates still prune
        String facet = explain(c, "SELECT unnest(hashes) AS tag, count(*) FROM otel_logs_and_spans WHERE project_id = 'p2'"
            + " AND timestamp >= '2026-11-02 10:30:00+00' AND timestamp < '2026-11-03 00:00:00+00' GROUP BY 1").get(0);
        assertTrue(facet.contains(": 1 of 12 Delta files"), facet);
        reader.stop();
      }
    }
  }

  @Test
  void aColdTraceLookupFetchesOnlyTheFileHoldingTheTrace() throws Exception {
    try (TestS3 s3 = TestS3.start()) {
      Map<String, String> env = new HashMap<>(s3.env("lookup"));
      env.put("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600");
      Path writerDir = Files.createDirectories(scratch.resolve("writer"));
      // one project, one day, 4 files of 5 traces each
      try (TestServer writer = TestServer.startOn(writerDir, env); Connection c = writer.connect()) {
        for (int f = 0; f < 4; f++) {
          StringBuilder sql = new StringBuilder("INSERT INTO otel_logs_and_spans (project_id, timestamp, context___trace_id) VALUES ");
          for (int i = 0; i < 50; i++) {
            if (i > 0) sql.append(", ");
            sql.append("('p1', TIMESTAMPTZ '2026-11-01 0").append(f).append(":00:00+00' + INTERVAL '").append(i)
                .append(" seconds', '").append(String.format("%032x", 1000 * f + i % 5)).append("')");
          }
          try (Statement s = c.createStatement()) {
            s.execute(sql.toString());
          }
          writer.server().flush();
        }
        writer.stop();
      }
      record Case(String trace, long rows, long files) {}
      List<Case> cases =
          List.of(new Case(String.format("%032x", 2003), 10, 1), new Case(String.format("%032x", 7), 0, 0));
      int n = 0;
      for (Case k : cases) {
        Path dir = Files.createDirectories(scratch.resolve("reader" + n++));
        try (TestServer reader = TestServer.startOn(dir, env); Connection c = reader.connect()) {
          long data = s3.gets(".parquet");
          long sidecars = s3.gets(".lookup");
          String where = "project_id = 'p1' AND timestamp >= '2026-11-01' AND context___trace_id = '" + k.trace() + "'";
          assertEquals(k.rows(), scalar(c, "SELECT count(*) FROM otel_logs_and_spans WHERE " + where), where);
          assertEquals(k.files(), s3.gets(".parquet") - data, "data files fetched for " + where);
          assertEquals(4, s3.gets(".lookup") - sidecars, "each sidecar is read once");
          String scan = explain(c, "SELECT * FROM otel_logs_and_spans WHERE " + where).get(0);
          assertTrue(scan.contains(": " + k.files() + " of 4 Delta files"), scan);
          assertEquals(4, s3.gets(".lookup") - sidecars, "sidecars stay in memory");
          reader.stop();
        }
      }
    }
  }
}
