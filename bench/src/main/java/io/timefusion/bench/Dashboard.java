package io.timefusion.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The dashboard query set (issue 5): the shapes an observability UI asks again and again, each over
 * the last 1, 6 and 24 hours of the large project, timed through TimeFusion and, with
 * {@code --duckdb-dir}, run by DuckDB itself over the same Parquet files (the engine's own limit).
 */
final class Dashboard {

  /** A query shape: its SQL with {@code {w}} for the project and time predicate. */
  record Shape(String name, String sql, String duckdbSql, double maxMs) {
    Shape(String name, String sql) {
      this(name, sql, null, 0);
    }

    Shape withDuckDb(String s) {
      return new Shape(name, sql, s, maxMs);
    }

    Shape atMost(double ms) {
      return new Shape(name, sql, duckdbSql, ms);
    }

    String tf(String where) {
      return sql.replace("{w}", where);
    }

    String duck(String where) {
      return (duckdbSql == null ? sql : duckdbSql).replace("{w}", where);
    }
  }

  static final String T = "otel_logs_and_spans";
  static final String BUCKET = "extract(epoch from time_bucket('5 minutes', timestamp))::integer";
  static final String LOG_LIST_COLUMNS = String.join(", ", "timestamp", "id", "parent_id", "name", "kind", "status_code",
      "status_message", "level", "severity___severity_text", "duration", "start_time", "end_time", "context___trace_id",
      "context___span_id", "attributes___http___request___method", "attributes___http___response___status_code",
      "attributes___url___path", "attributes___client___address", "attributes___user___id", "attributes___error___type",
      "resource___service___name", "resource___service___version", "resource___service___instance___id", "body", "summary");
  static final String ERRORS = "COUNT(*) FILTER (WHERE status_code = 'ERROR')";
  static final String TAG = "user:user_42";

  static List<Shape> shapes() {
    return List.of(
        new Shape("throughput per 5 min",
            "SELECT " + BUCKET + " AS t, COUNT(*) AS n FROM " + T + " WHERE {w} GROUP BY t ORDER BY t"),
        new Shape("throughput per 5 min by service",
            "SELECT " + BUCKET + " AS t, COALESCE(resource___service___name, 'null') AS service, COUNT(*) AS n FROM " + T
                + " WHERE {w} GROUP BY t, service ORDER BY t, service"),
        new Shape("p95 duration per 5 min",
            "SELECT " + BUCKET + " AS t, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration) AS p95 FROM " + T
                + " WHERE {w} AND duration IS NOT NULL GROUP BY t ORDER BY t"),
        new Shape("error rate per 5 min",
            "SELECT " + BUCKET + " AS t, " + ERRORS + " AS errors, COUNT(*) AS total, " + ERRORS
                + "::float8 / COUNT(*) AS error_rate FROM " + T + " WHERE {w} GROUP BY t ORDER BY t"),
        new Shape("distinct traces", "SELECT COUNT(DISTINCT context___trace_id) AS traces FROM " + T + " WHERE {w}"),
        new Shape("top services (count, error rate, p95)",
            "SELECT COALESCE(resource___service___name, 'null') AS service, COUNT(*) AS n, " + ERRORS
                + "::float8 / COUNT(*) AS error_rate, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration) AS p95 FROM " + T
                + " WHERE {w} GROUP BY service ORDER BY n DESC LIMIT 50"),
        new Shape("facet: top 50 names",
            "SELECT name AS value, COUNT(*) AS n FROM " + T + " WHERE {w} GROUP BY value ORDER BY n DESC, value LIMIT 50"),
        new Shape("log list (251 rows, 25 columns)",
            "SELECT " + LOG_LIST_COLUMNS + " FROM " + T + " WHERE {w} ORDER BY timestamp DESC LIMIT 251").atMost(100),
        new Shape("trace lookup",
            "SELECT timestamp, name, kind, duration, status_code, context___span_id, parent_id FROM " + T
                + " WHERE {w} AND context___trace_id = '{trace}' ORDER BY timestamp").atMost(50),
        new Shape("distinct picker: services",
            "SELECT DISTINCT resource___service___name FROM " + T + " WHERE {w} ORDER BY 1"),
        new Shape("share of total (SUM(COUNT(*)) OVER ())",
            "SELECT name, COUNT(*) AS n, SUM(COUNT(*)) OVER () AS total FROM " + T
                + " WHERE {w} GROUP BY name ORDER BY n DESC, name LIMIT 50"),
        new Shape("tag search ('" + TAG + "' = ANY(hashes))",
            "SELECT COUNT(*) FROM " + T + " WHERE {w} AND '" + TAG + "' = ANY(hashes)")
            .withDuckDb("SELECT COUNT(*) FROM " + T + " WHERE {w} AND list_contains(hashes, '" + TAG + "')"));
  }

  static final int[] WINDOW_HOURS = {1, 6, 24};
  static final double MAX_RATIO = 1.5;
  static final double MAX_24H_MS = 300;

  private final Bench b;

  Dashboard(Bench b) {
    this.b = b;
  }

  int run() throws SQLException {
    Connection duck = b.duckdbDir == null ? null : openDuckDb(Path.of(b.duckdbDir));
    List<String[]> table = new ArrayList<>();
    int failures = 0;
    int missed = 0;
    System.out.println();
    System.out.printf("--- dashboard queries over the last 1 h / 6 h / 24 h of %s (%d warm-up + %d timed runs each, one connection%s) ---%n",
        SpanGenerator.PROJECT, b.warmup, b.runs, duck == null ? "" : "; then the same query by DuckDB directly");
    try (Connection tf = b.connect()) {
      failures += sanity(tf, duck);
      for (Shape s : shapes()) {
        for (int h : WINDOW_HOURS) {
          String where = where(h);
          String tfSql = s.tf(where);
          String duckSql = s.duck(where);
          System.out.println();
          Bench.Timing t;
          try {
            if (tfSql.contains("{trace}")) {
              String trace = traceInWindow(tf, h);
              tfSql = tfSql.replace("{trace}", trace);
              duckSql = duckSql.replace("{trace}", trace);
            }
            System.out.printf("%s, %d h:  %s%n", s.name(), h, tfSql);
            t = b.time(tf, tfSql, 4);
          } catch (SQLException e) {
            failures++;
            System.out.printf("%s, %d h: FAILED: %s%n", s.name(), h, e.getMessage().replace('\n', ' '));
            missed++;
            table.add(new String[] {s.name(), h + " h", "FAILED", "", "", "", "failed"});
            continue;
          }
          System.out.printf("  TimeFusion: %d rows, median %.1f ms, p90 %.1f ms; first: %s%n", t.rows(), t.medianMs(), t.p90Ms(), t.first());
          Bench.Timing d = null;
          if (duck != null) {
            if (!duckSql.equals(tfSql)) System.out.println("  DuckDB SQL: " + duckSql);
            try {
              d = b.time(duck, duckSql, 4);
              System.out.printf("  DuckDB:     %d rows, median %.1f ms, p90 %.1f ms; first: %s%n", d.rows(), d.medianMs(), d.p90Ms(), d.first());
            } catch (SQLException e) {
              failures++;
              System.out.println("  DuckDB FAILED: " + e.getMessage().replace('\n', ' '));
            }
          }
          List<String> verdict = new ArrayList<>();
          if (d != null && d.rows() != t.rows()) {
            failures++;
            verdict.add("ROW COUNT DIFFERS");
          }
          if (d != null && t.medianMs() > MAX_RATIO * d.medianMs()) verdict.add("> " + MAX_RATIO + "x DuckDB");
          if (h == 24 && t.medianMs() > MAX_24H_MS) verdict.add("> " + (int) MAX_24H_MS + " ms");
          if (s.maxMs() > 0 && t.medianMs() > s.maxMs()) verdict.add("> " + (int) s.maxMs() + " ms");
          if (!verdict.isEmpty()) missed++;
          table.add(new String[] {s.name(), h + " h", Integer.toString(t.rows()), ms(t.medianMs()),
              d == null ? "" : ms(d.medianMs()), d == null ? "" : String.format(Locale.ROOT, "%.2f", t.medianMs() / d.medianMs()),
              verdict.isEmpty() ? "ok" : String.join(", ", verdict)});
        }
      }
    } finally {
      if (duck != null) duck.close();
    }
    System.out.println();
    System.out.printf("--- summary: warm medians; targets: <= %.1fx DuckDB, <= %d ms at 24 h, trace lookup <= 50 ms, log list <= 100 ms ---%n",
        MAX_RATIO, (int) MAX_24H_MS);
    System.out.println("| query | window | rows | TimeFusion | DuckDB direct | ratio | target |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String[] r : table) System.out.println("| " + String.join(" | ", r) + " |");
    System.out.printf("%d of %d measurements miss a target or failed%n", missed, table.size());
    if (b.duckdbDir != null) storedSize(Path.of(b.duckdbDir));
    return failures == 0 ? 0 : 1;
  }

  /** Both sides see the same rows: counts per project over the whole window. */
  private int sanity(Connection tf, Connection duck) throws SQLException {
    String all = "project_id IN (" + String.join(", ", SpanGenerator.projectNames(b.projects).stream().map(p -> "'" + p + "'").toList())
        + ")";
    String sql = "SELECT project_id, COUNT(*) FROM " + T + " WHERE " + all + " GROUP BY project_id ORDER BY project_id";
    String tfRows = rows(tf, sql);
    System.out.println();
    System.out.println("rows per project (TimeFusion): " + tfRows);
    if (duck == null) return 0;
    String duckRows = rows(duck, sql);
    System.out.println("rows per project (DuckDB):     " + duckRows);
    if (!tfRows.equals(duckRows)) {
      System.out.println("  MISMATCH: the DuckDB directory does not hold exactly the rows TimeFusion serves (rows still in the buffer?)");
      return 1;
    }
    return 0;
  }

  private static String rows(Connection c, String sql) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) sb.append(sb.isEmpty() ? "" : ", ").append(rs.getString(1)).append('=').append(rs.getLong(2));
    }
    return sb.toString();
  }

  private String where(int hours) {
    long to = b.endMicros();
    long from = to - hours * 3_600_000_000L;
    return "project_id = '" + SpanGenerator.PROJECT + "' AND timestamp >= " + ts(from) + " AND timestamp < " + ts(to);
  }

  private static String ts(long micros) {
    return "'" + Instant.ofEpochSecond(0, micros * 1000).toString().replace('T', ' ').replace("Z", "+00") + "'";
  }

  /** The trace of the first span at or after the window's middle, found before timing. */
  private String traceInWindow(Connection tf, int hours) throws SQLException {
    long mid = b.endMicros() - hours * 1_800_000_000L;
    String sql = "SELECT context___trace_id FROM " + T + " WHERE project_id = '" + SpanGenerator.PROJECT + "' AND timestamp >= "
        + ts(mid) + " AND timestamp < " + ts(b.endMicros()) + " ORDER BY timestamp LIMIT 1";
    try (Statement st = tf.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) throw new SQLException("no span between " + ts(mid) + " and the window's end");
      return rs.getString(1);
    }
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, "%.1f ms", v);
  }

  /**
   * An in-process DuckDB with the server's engine budget (memory limit and threads) and a view
   * {@code otel_logs_and_spans} over every Parquet file of the table directory.
   */
  private Connection openDuckDb(Path tableDir) throws SQLException {
    if (!Files.isDirectory(tableDir)) throw new SQLException("--duckdb-dir " + tableDir + " is not a directory");
    Properties p = new Properties();
    p.setProperty("memory_limit", b.duckdbMemoryMb + "MB");
    p.setProperty("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));

    Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
    try (Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      st.execute("SET GLOBAL parquet_metadata_cache = true"); // as the server: footers parsed once
      String glob = tableDir.toAbsolutePath() + "/project_id=*/date=*/*.parquet";
      st.execute("CREATE VIEW " + T + " AS SELECT * FROM read_parquet('" + glob.replace("'", "''")
          + "', hive_partitioning = true, hive_types = {'project_id': VARCHAR, 'date': DATE})");
    }
    System.out.printf("DuckDB direct: %s, memory_limit %d MB, %d threads, parquet_metadata_cache on, over %s%n", duckVersion(c), b.duckdbMemoryMb,
        Runtime.getRuntime().availableProcessors(), tableDir);
    return c;
  }

  private static String duckVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
      rs.next();
      return "DuckDB " + rs.getString(1);
    }
  }

  /** Parquet bytes under the table directory against the same rows as CSV (generated, counted, not stored). */
  private void storedSize(Path tableDir) {
    long parquet;
    long files;
    try (Stream<Path> s = Files.walk(tableDir)) {
      List<Path> ps = s.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList();
      files = ps.size();
      parquet = ps.stream().mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println();
    System.out.printf("stored: %,d Parquet files, %,.1f MB%n", files, parquet / 1e6);
    if (!b.csvSize) {
      System.out.println("(run with --csv-size to generate the same rows as CSV and compare sizes)");
      return;
    }
    long csv = csvBytes();
    System.out.printf("the same %,d rows as CSV (all %d columns, COPY ... WITH (FORMAT csv) data, generated and counted): %,.1f MB; "
        + "Parquet is %.1fx smaller%n", b.rows, b.newGenerator().columnCount(), csv / 1e6, csv / (double) parquet);
  }

  private long csvBytes() {
    long n = b.newGenerator().batchCount();
    AtomicLong next = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Function<SpanGenerator, Runnable> worker = g -> () -> {
      long i;
      while ((i = next.getAndIncrement()) < n) bytes.addAndGet(g.batchCopy(i, "csv").getBytes(StandardCharsets.UTF_8).length);
    };
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < b.genThreads; i++) ts.add(Thread.ofPlatform().start(worker.apply(b.newGenerator())));
    for (Thread t : ts) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return bytes.get();
  }
}
