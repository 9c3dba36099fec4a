package io.timefusion.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.TimeFusion;
import io.timefusion.config.Config;
import io.timefusion.maintenance.LookupBackfill;
import io.timefusion.storage.LocalObjectStore;
import io.timefusion.storage.ObjectStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups by id (the schema's {@code lookup_columns}) read only the Delta files whose lookup
 * sidecar may hold the id: a trace in one of four files of its project reads that one file.
 * Every answer equals the answer of the same query written so that it cannot prune
 * ({@code context___trace_id || '' = ...}); non-string comparisons and ORs across columns prune
 * nothing, a comparison with NULL everything; {@code = ANY} of an array (literal or parameter)
 * prunes as IN; buffered rows are always found; a file whose sidecar is missing is read, until
 * {@code timefusion build-lookup-sidecars} writes it.
 */
class LookupPruningTest {
  private static final String DAY = "timestamp >= '2026-11-01 00:00:00+00' AND timestamp < '2026-11-02 00:00:00+00'";
  private static TestServer server;

  /** Trace {@code t} of flush {@code f}: random 32-hex ids, as OpenTelemetry's. */
  private static String trace(int f, int t) {
    SplittableRandom r = new SplittableRandom(1000L * f + t);
    return HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
  }

  /**
   * 9 files: 4 flushes of project p (4 traces of 10 spans each, and 2 spans without a trace id),
   * each with a file of project q holding p's first trace of that flush too, and in the first
   * flush a file of project num whose ids are numbers.
   */
  private static void load(Connection c, TestServer s) throws Exception {
    for (int f = 0; f < 4; f++) {
      List<String> rows = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        for (int i = 0; i < 10; i++) {
          rows.add(row("p", f, 10 * t + i, "'" + trace(f, t) + "'", "'p-" + f + "-" + (10 * t + i) + "'"));
        }
      }
      rows.add(row("p", f, 40, "NULL", "'p-" + f + "-40'"));
      rows.add(row("p", f, 41, "NULL", "'p-" + f + "-41'"));
      for (int i = 0; i < 10; i++) rows.add(row("q", f, i, "'" + trace(f, 0) + "'", "'q-" + f + "-" + i + "'"));
      if (f == 0) {
        rows.add(row("num", f, 0, "'" + trace(9, 9) + "'", "'0123'"));
        rows.add(row("num", f, 1, "'" + trace(9, 9) + "'", "'7'"));
      }
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO otel_logs_and_spans (project_id, timestamp, context___trace_id, id) VALUES " + String.join(", ", rows));
      }
      s.server().flush();
    }
  }

  private static String row(String project, int flush, int i, String trace, String id) {
    return "('" + project + "', TIMESTAMPTZ '2026-11-01 0" + flush + ":00:00+00' + INTERVAL '" + i + " seconds', " + trace + ", " + id + ")";
  }

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600"));
    try (Connection c = server.connect()) {
      load(c, server);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  /** The rows a query finds, in a stable order. */
  private static List<String> rows(Connection c, String where) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT id, context___trace_id, timestamp FROM otel_logs_and_spans WHERE " + where + " ORDER BY timestamp, id")) {
      while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
    }
    return out;
  }

  private static String scan(Connection c, String where) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM otel_logs_and_spans WHERE " + where)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Checks the rows against a query that cannot prune by lookups, and the files read. */
  private static void check(Connection c, String where, String unpruned, int rows, int files) throws Exception {
    List<String> found = rows(c, where);
    assertEquals(rows, found.size(), where);
    assertEquals(rows(c, unpruned), found, where);
    String scan = scan(c, where);
    assertTrue(scan.contains(": " + files + " of 9 Delta files"), where + ": " + scan);
  }

  @Test
  void aTraceLookupReadsOnlyTheFileHoldingTheTrace() throws Exception {
    try (Connection c = server.connect()) {
      for (int f = 0; f < 4; f++) {
        for (int t : new int[] {0, 1, 3}) {
          check(
              c,
              "project_id = 'p' AND " + DAY + " AND context___trace_id = '" + trace(f, t) + "'",
              "project_id = 'p' AND " + DAY + " AND context___trace_id || '' = '" + trace(f, t) + "'",
              10,
              1);
        }
      }
      String scan = scan(c, "project_id = 'p' AND context___trace_id = '" + trace(2, 2) + "'");
      assertTrue(scan.contains("context___trace_id IN [" + trace(2, 2) + "]; lookup sidecars ruled out 3)"), scan);
      // the same trace in two projects' files: the project still prunes too
      check(
          c,
          "project_id IN ('p', 'q') AND context___trace_id = '" + trace(1, 0) + "'",
          "project_id IN ('p', 'q') AND context___trace_id || '' = '" + trace(1, 0) + "'",
          20,
          2);
      // qualified by an alias, the literal on the left, cast to text
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(
              "EXPLAIN SELECT x.id FROM otel_logs_and_spans x WHERE x.project_id = 'p' AND '" + trace(3, 1)
                  + "'::text = x.context___trace_id")) {
        rs.next();
        assertTrue(rs.getString(1).contains(": 1 of 9 Delta files"), rs.getString(1));
      }
    }
  }

  @Test
  void idLookupsInListsAndBothColumns() throws Exception {
    try (Connection c = server.connect()) {
      check(c, "project_id = 'p' AND id = 'p-2-17'", "project_id = 'p' AND id || '' = 'p-2-17'", 1, 1);
      check(
          c,
          "project_id = 'p' AND context___trace_id IN ('" + trace(0, 1) + "', '" + trace(3, 2) + "', 'absent')",
          "project_id = 'p' AND context___trace_id || '' IN ('" + trace(0, 1) + "', '" + trace(3, 2) + "')",
          20,
          2);
      check(
          c,
          "project_id = 'p' AND (context___trace_id = '" + trace(0, 1) + "' OR context___trace_id = '" + trace(1, 2) + "')",
          "project_id = 'p' AND context___trace_id || '' IN ('" + trace(0, 1) + "', '" + trace(1, 2) + "')",
          20,
          2);
      // both columns: a row must match both, so a file must hold both
      check(
          c,
          "project_id = 'p' AND context___trace_id = '" + trace(1, 1) + "' AND id = 'p-2-17'",
          "project_id = 'p' AND context___trace_id || '' = '" + trace(1, 1) + "' AND id || '' = 'p-2-17'",
          0,
          0);
      check(
          c,
          "project_id = 'p' AND context___trace_id = '" + trace(2, 1) + "' AND id IN ('p-2-17', 'p-1-17')",
          "project_id = 'p' AND context___trace_id || '' = '" + trace(2, 1) + "' AND id || '' IN ('p-2-17', 'p-1-17')",
          1,
          1);
    }
  }

  @Test
  void parametersPrunePerExecution() throws Exception {
    try (Connection c = server.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM otel_logs_and_spans WHERE project_id = ? AND context___trace_id = ?");
        PreparedStatement explain =
            c.prepareStatement("EXPLAIN SELECT * FROM otel_logs_and_spans WHERE project_id = ? AND context___trace_id = ?")) {
      for (int f = 0; f < 4; f++) {
        ps.setString(1, "p");
        ps.setString(2, trace(f, 2));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(10, rs.getLong(1));
        }
        explain.setString(1, "p");
        explain.setString(2, trace(f, 2));
        try (ResultSet rs = explain.executeQuery()) {
          rs.next();
          assertTrue(rs.getString(1).contains(": 1 of 9 Delta files"), rs.getString(1));
        }
      }
    }
  }

  /** {@code = ANY(ARRAY[...])} and {@code = ANY($1)} with a text[] bound, as drivers send lists. */
  @Test
  void anyOfAnArrayPrunesByProjectAndLookups() throws Exception {
    try (Connection c = server.connect()) {
      check(
          c,
          "project_id = ANY(ARRAY['p']) AND context___trace_id = ANY(ARRAY['" + trace(0, 1) + "', '" + trace(3, 2) + "'])",
          "project_id = 'p' AND context___trace_id || '' IN ('" + trace(0, 1) + "', '" + trace(3, 2) + "')",
          20,
          2);
      String sql = "SELECT count(*) FROM otel_logs_and_spans WHERE project_id = ANY(?) AND context___trace_id = ANY(?)";
      try (PreparedStatement ps = c.prepareStatement(sql); PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql)) {
        for (PreparedStatement p : List.of(ps, explain)) {
          p.setArray(1, c.createArrayOf("text", new String[] {"p", "q"}));
          p.setArray(2, c.createArrayOf("text", new String[] {trace(1, 0), null, "absent"}));
        }
        assertEquals("20", first(ps)); // the trace's 10 spans in p's file and 10 in q's
        assertTrue(first(explain).contains(": 2 of 9 Delta files"), first(explain));
        // an empty array matches nothing and reads nothing
        for (PreparedStatement p : List.of(ps, explain)) p.setArray(2, c.createArrayOf("text", new String[0]));
        assertEquals("0", first(ps));
        assertTrue(first(explain).contains(": 0 of 9 Delta files"), first(explain));
      }
    }
  }

  /** The first column of the first row {@code ps} answers. */
  private static String first(PreparedStatement ps) throws Exception {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void nullsNonStringsAndOrsAcrossColumnsDoNotPrune() throws Exception {
    try (Connection c = server.connect()) {
      check(c, "project_id = 'p' AND context___trace_id = NULL", "project_id = 'p' AND false", 0, 0); // matches no row
      check(
          c,
          "project_id = 'p' AND context___trace_id IN ('" + trace(0, 1) + "', NULL)",
          "project_id = 'p' AND context___trace_id || '' = '" + trace(0, 1) + "'",
          10,
          1);
      check(c, "project_id = 'p' AND context___trace_id IS NULL", "project_id = 'p' AND context___trace_id || '' IS NULL", 8, 4);
      check(
          c,
          "project_id = 'p' AND (context___trace_id = '" + trace(0, 1) + "' OR id = 'p-2-17')",
          "project_id = 'p' AND (context___trace_id || '' = '" + trace(0, 1) + "' OR id || '' = 'p-2-17')",
          11,
          4);
      check(
          c,
          "project_id = 'p' AND " + DAY + " AND context___trace_id <> '" + trace(0, 1) + "'",
          "project_id = 'p' AND " + DAY + " AND context___trace_id || '' <> '" + trace(0, 1) + "'",
          150,
          4);
      // DuckDB compares a text column with a number as numbers: '0123' = 123 (pruning by the
      // string '123' would lose that row)
      check(c, "project_id = 'num' AND id = 123", "project_id = 'num' AND id || '' = 123", 1, 1);
      check(c, "project_id = 'num' AND id IN (123, 7)", "project_id = 'num' AND id || '' IN (123, 7)", 2, 1);
      // lower() is not the column
      check(
          c,
          "project_id = 'p' AND upper(context___trace_id) = '" + trace(0, 1).toUpperCase() + "'",
          "project_id = 'p' AND context___trace_id || '' = '" + trace(0, 1) + "'",
          10,
          4);
    }
  }

  @Test
  void anAbsentIdPrunesEveryFileButBufferedRowsAreFound() throws Exception {
    try (Connection c = server.connect()) {
      String absent = trace(77, 1);
      check(c, "project_id = 'p' AND context___trace_id = '" + absent + "'", "project_id = 'p' AND false", 0, 0);
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO otel_logs_and_spans (project_id, timestamp, context___trace_id) VALUES ('p', '2026-11-03 12:00:00+00', '"
                + absent + "')"); // another day: the other tests' counts stay as they are
      }
      check(
          c,
          "project_id = 'p' AND context___trace_id = '" + absent + "'",
          "project_id = 'p' AND context___trace_id || '' = '" + absent + "'",
          1,
          0);
    }
  }

  /** The tables of a server's data directory, as the server stores them (local or S3). */
  private static ObjectStore tables(Path dataDir) throws Exception {
    return TestServer.onS3() ? TestS3.shared().store(TestServer.s3Prefix(dataDir)) : new LocalObjectStore(dataDir);
  }

  @Test
  void aFileWithoutItsSidecarIsReadAndARestartKeepsPruning(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("TIMEFUSION_FLUSH_INTERVAL_SECS", "3600");
    String sidecars = "otel_logs_and_spans/_lookup/project_id=p/date=2026-11-01/";
    String first = null;
    TestServer s = TestServer.startOn(dir, env); // stopped, not closed: closing deletes the data directory
    try (Connection c = s.connect(); ObjectStore store = tables(dir)) {
      for (int f = 0; f < 3; f++) {
        try (Statement st = c.createStatement()) {
          st.execute(
              "INSERT INTO otel_logs_and_spans (project_id, timestamp, context___trace_id, id) VALUES "
                  + row("p", f, 0, "'" + trace(f, 0) + "'", "NULL"));
        }
        s.server().flush();
        if (f == 0) {
          List<ObjectStore.ObjectInfo> written = store.listFrom(sidecars + "part-");
          assertEquals(1, written.size(), written.toString());
          first = written.get(0).key();
        }
      }
      assertEquals(3, store.listFrom(sidecars + "part-").size());
      s.stop();
      assertTrue(store.delete(first), first); // the sidecar of the file holding trace(0, 0)
    } finally {
      s.stop();
    }
    Map<String, String> serverEnv;
    TestServer restarted = TestServer.startOn(dir, env);
    try (Connection c = restarted.connect()) {
      serverEnv = restarted.env();
      for (int f = 0; f < 3; f++) {
        String where = "project_id = 'p' AND context___trace_id = '" + trace(f, 0) + "'";
        assertEquals(1, rows(c, where).size(), where);
        String scan = scan(c, where);
        String expected = f == 0 ? ": 1 of 3 Delta files" : ": 2 of 3 Delta files";
        String reason = f == 0 ? "ruled out 2, 1 file(s) without one" : "ruled out 1, 1 file(s) without one";
        assertTrue(scan.contains(expected) && scan.contains(reason), scan);
      }
      String absent = "project_id = 'p' AND context___trace_id = '" + trace(5, 5) + "'";
      assertEquals(0, rows(c, absent).size());
      assertTrue(scan(c, absent).contains(": 1 of 3 Delta files"), scan(c, absent));
    } finally {
      restarted.stop();
    }
    // the maintenance command writes the missing sidecar; then every file can be ruled out
    List<LookupBackfill.Result> results = TimeFusion.buildLookupSidecars(Config.fromEnv(serverEnv));
    assertEquals(new LookupBackfill.Result(3, 2, 1, results.get(0).bytes()), results.get(0));
    assertEquals(new LookupBackfill.Result(0, 0, 0, 0), results.get(1), "otel_metrics has no lookup columns");
    assertEquals(0, TimeFusion.buildLookupSidecars(Config.fromEnv(serverEnv)).get(0).written(), "nothing left to write");
    try (TestServer again = TestServer.startOn(dir, env); Connection c = again.connect()) {
      for (int f = 0; f < 3; f++) {
        String scan = scan(c, "project_id = 'p' AND context___trace_id = '" + trace(f, 0) + "'");
        assertTrue(scan.contains(": 1 of 3 Delta files") && scan.contains("ruled out 2)"), scan);
      }
    }
  }
}
