package io.timefusion.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What {@code TIMEFUSION_PARQUET_VERSION} changes: the rows of one project of a stored table,
 * written as v1 and as v2 Parquet the way a flush writes them (zstd at level 3, sorted by
 * timestamp descending; one file, DuckDB's row groups), then the same scans over each,
 * alternating, medians of 5 after one warm-up. DuckDB in process, 2 threads.
 *
 * <pre>bench/micro ParquetVersionBench &lt;table dir&gt; [project] [work dir]</pre>
 *
 * e.g. {@code bench/micro ParquetVersionBench /tmp/tf-bench-dashboard/server/otel_logs_and_spans bench-project}.
 */
public final class ParquetVersionBench {
  private static final List<String> SCANS = List.of(
      "SELECT count(*) FROM t WHERE list_contains(hashes, 'user:user_42')",
      "SELECT count(DISTINCT context___trace_id) FROM t",
      "SELECT epoch(timestamp)::BIGINT // 300 AS b, COALESCE(resource___service___name, 'null') AS s, count(*) FROM t GROUP BY ALL",
      "SELECT name, count(*) FROM t GROUP BY name ORDER BY 2 DESC LIMIT 50");

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ParquetVersionBench <table dir> [project] [work dir]");
      System.exit(2);
    }
    String project = args.length > 1 ? args[1] : "bench-project";
    Path work = Path.of(args.length > 2 ? args[2] : "/tmp/tf-parquet-version-bench");
    String source = args[0] + "/project_id=" + project + "/date=*/*.parquet";
    Properties p = new Properties();
    p.setProperty("threads", "2");
    p.setProperty("memory_limit", "8GB");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:", p); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET preserve_insertion_order = true");
      for (String v : List.of("v1", "v2")) {
        Path dir = work.resolve(v);
        if (Files.exists(dir)) {
          try (Stream<Path> old = Files.walk(dir)) {
            old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
          }
        }
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        s.execute("COPY (SELECT * FROM read_parquet('" + source + "') ORDER BY timestamp DESC) TO '" + dir.resolve("data.parquet")
            + "' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 3, PARQUET_VERSION " + v.toUpperCase() + ")");
        double secs = (System.nanoTime() - t0) / 1e9;
        long bytes;
        try (Stream<Path> files = Files.walk(dir)) {
          bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        long rows;
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + dir + "/*.parquet')")) {
          rs.next();
          rows = rs.getLong(1);
        }
        System.out.printf("%s: %,d rows written in %.1f s, %,.1f MB%n", v, rows, secs, bytes / 1e6);
      }
      double[][] medians = new double[SCANS.size()][2];
      for (int q = 0; q < SCANS.size(); q++) {
        double[][] times = new double[2][5];
        for (int run = -1; run < 5; run++) {
          for (int v = 0; v < 2; v++) {
            s.execute("CREATE OR REPLACE VIEW t AS SELECT * FROM read_parquet('" + work.resolve(v == 0 ? "v1" : "v2") + "/*.parquet')");
            long t0 = System.nanoTime();
            try (ResultSet rs = s.executeQuery(SCANS.get(q))) {
              while (rs.next()) {
                // read every row
              }
            }
            if (run >= 0) times[v][run] = (System.nanoTime() - t0) / 1e6;
          }
        }
        for (int v = 0; v < 2; v++) {
          Arrays.sort(times[v]);
          medians[q][v] = times[v][2];
        }
        System.out.printf("v1 %7.1f ms  v2 %7.1f ms  (%.2fx)  %s%n", medians[q][0], medians[q][1], medians[q][1] / medians[q][0], SCANS.get(q));
      }
    }
  }
}
