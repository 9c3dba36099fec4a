package io.timefusion.write;

import io.timefusion.catalog.ColumnDef;
import io.timefusion.catalog.ColumnType;
import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Benchmark, not a test: parses and binds a 1000-row x 32-column {@code INSERT ... VALUES} of
 * literals and prints rows/s. Run with {@code mvn -q test-compile exec:java} or straight from the
 * test classpath: {@code java -cp target/test-classes:target/classes:<deps> io.timefusion.write.InsertParserBench}.
 */
public final class InsertParserBench {
  public static void main(String[] args) {
    int rows = 1000, columns = 32;
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    SchemaRegistry registry = SchemaRegistry.load();
    List<String> skip = args.length > 1 ? List.of(args[1].split(",")) : List.of();
    String sql = statement(registry.table("otel_logs_and_spans").orElseThrow(), rows, columns, skip);
    System.out.printf("statement: %d rows x %d columns, %d KB%n", rows, columns, sql.length() / 1024);
    try (BufferAllocator alloc = new RootAllocator()) {
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      long warmup = System.nanoTime() + Math.min(3, seconds / 3) * 1_000_000_000L;
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long done = 0, start = 0, cpuStart = 0;
      boolean measuring = false;
      while (System.nanoTime() < deadline) {
        if (!measuring && System.nanoTime() > warmup) {
          measuring = true;
          done = 0;
          start = System.nanoTime();
          cpuStart = mx.getCurrentThreadCpuTime();
        }
        try (VectorSchemaRoot root = InsertStatement.parse(sql, registry).bind(List.of(), alloc)) {
          done += root.getRowCount();
        }
      }
      double secs = (System.nanoTime() - start) / 1e9;
      double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      System.out.printf(
          "parse+bind: %,.0f rows/s wall (%,.0f values/s), %,.0f rows/s per CPU-second of the thread%n",
          done / secs, done * columns / secs, done / cpu);

      InsertStatement prepared = InsertStatement.parse(sql, registry);
      long t0 = System.nanoTime(), n = 0;
      while (System.nanoTime() - t0 < 3_000_000_000L) {
        try (VectorSchemaRoot root = prepared.bind(List.of(), alloc)) {
          n += root.getRowCount();
        }
      }
      System.out.printf("bind only (prepared): %,.0f rows/s%n", n / ((System.nanoTime() - t0) / 1e9));
    }
  }

  /** A realistic mix: ids, names, timestamps, ints, bigints, JSON, an array. */
  static String statement(TableSchema t, int rows, int columns, List<String> skip) {
    List<ColumnDef> cols = new ArrayList<>();
    for (String n : List.of("project_id", "timestamp", "id", "name", "kind", "duration", "hashes", "body")) {
      if (!skip.contains(n)) cols.add(t.column(t.indexOf(n)));
    }
    for (ColumnDef c : t.columns()) {
      if (cols.size() == columns) break;
      if (!cols.contains(c) && (c.type() == ColumnType.TEXT || c.type() == ColumnType.INT4 || c.type() == ColumnType.INT8)) cols.add(c);
    }
    StringBuilder b = new StringBuilder("INSERT INTO otel_logs_and_spans (");
    for (int i = 0; i < cols.size(); i++) b.append(i > 0 ? ", " : "").append(cols.get(i).name());
    b.append(") VALUES\n");
    for (int r = 0; r < rows; r++) {
      b.append(r > 0 ? ",\n(" : "(");
      for (int i = 0; i < cols.size(); i++) {
        if (i > 0) b.append(", ");
        ColumnDef c = cols.get(i);
        switch (c.name()) {
          case "project_id" -> b.append("'prod-api-001'");
          case "timestamp" -> b.append("'2025-01-17 14:").append(10 + r % 50).append(":00.").append(100000 + r).append("+00'");
          case "id" -> b.append("'550e8400-e29b-41d4-a716-").append(String.format("%012d", r)).append('\'');
          case "hashes" -> b.append("ARRAY['trace_").append(r).append("']");
          case "body" -> b.append("'{\"message\":\"request ").append(r).append(" done\",\"ok\":true}'");
          default -> {
            switch (c.type()) {
              case INT4 -> b.append(r % 600);
              case INT8 -> b.append(245000000L + r);
              default -> b.append("'value ").append(c.name(), 0, Math.min(12, c.name().length())).append(' ').append(r).append('\'');
            }
          }
        }
      }
      b.append(')');
    }
    return b.append(';').toString();
  }
}
