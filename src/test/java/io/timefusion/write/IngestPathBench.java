package io.timefusion.write;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.delta.DeltaSnapshot;
import io.timefusion.query.DuckDb;
import io.timefusion.query.Snapshots;
import io.timefusion.storage.LocalObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Benchmark, not a test: times the three stages of one multi-row INSERT on the ingest path
 * separately (parse+bind, WAL append, memory-buffer append) and prints the median ms per
 * statement of each. Arguments: [statement file=/tmp/stmt.sql] [iterations=30] [batches per
 * buffer append=1]. Without the file it generates a 1000-row statement of the benchmark's shape.
 */
public final class IngestPathBench {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/stmt.sql");
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int group = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    SchemaRegistry registry = SchemaRegistry.load();
    String sql;
    if (Files.exists(file)) {
      sql = Files.readString(file);
    } else {
      sql = InsertParserBench.statement(registry.table("otel_logs_and_spans").orElseThrow(), 1000, 91, List.of());
      System.out.println("(no " + file + ": generated a statement)");
    }
    Path tmp = Files.createTempDirectory("ingestbench");
    try (BufferAllocator alloc = new RootAllocator()) {
      // parse + bind
      long[] parse = new long[iterations];
      long[] parseCpu = new long[iterations];
      long[] parseAlloc = new long[iterations];
      var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
      VectorSchemaRoot batch = null;
      int rows = 0;
      for (int i = 0; i < iterations + 5; i++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long a0 = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        VectorSchemaRoot r = InsertStatement.parse(sql, registry).bind(List.of(), alloc);
        long t = System.nanoTime() - t0;
        if (i >= 5) {
          parse[i - 5] = t;
          parseCpu[i - 5] = mx.getCurrentThreadCpuTime() - c0;
          parseAlloc[i - 5] = mx.getCurrentThreadAllocatedBytes() - a0;
        }
        rows = r.getRowCount();
        if (batch == null) batch = r;
        else r.close();
      }
      String table = InsertStatement.parse(sql, registry).table().name();
      System.out.printf("statement: %d rows, %d KB of SQL%n", rows, sql.length() / 1024);
      report("parse+bind", parse);
      report("parse+bind (thread CPU)", parseCpu);
      System.out.printf("%-40s median %7.1f MB%n", "parse+bind (heap allocated)", median(parseAlloc) / 1e6);

      // WAL append (one appender: includes the fsync)
      long[] wal = new long[iterations];
      try (Wal w = Wal.open(tmp.resolve("wal"))) {
        for (int i = 0; i < iterations + 5; i++) {
          long t0 = System.nanoTime();
          w.append(table, batch);
          long t = System.nanoTime() - t0;
          if (i >= 5) wal[i - 5] = t;
        }
      }
      report("wal append (incl. fsync)", wal);

      // memory buffer append
      long[] buf = new long[iterations];
      long[] bufCpu = new long[iterations];
      var osb = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long bufProcCpu = 0;
      Files.createDirectories(tmp.resolve("duckdb"));
      try (DuckDb db = new DuckDb(4096, 0, tmp.resolve("duckdb"), List.of(tmp))) {
        Snapshots snapshots = new Snapshots(new LocalObjectStore(tmp.resolve("store")));
        List<TableSchema> tables = new ArrayList<>(registry.tables());
        for (TableSchema t : tables) snapshots.register(t, new DeltaSnapshot(-1, List.of(), -1));
        try (MemoryBuffer mb = new MemoryBuffer(db, alloc, snapshots, tables)) {
          List<VectorSchemaRoot> batches = new ArrayList<>();
          for (int g = 0; g < group; g++) batches.add(batch);
          long seq = 0;
          for (int i = 0; i < iterations + 5; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long p0 = osb.getProcessCpuTime();
            long t0 = System.nanoTime();
            mb.append(table, batches, seq++);
            if (i >= 5) bufProcCpu += osb.getProcessCpuTime() - p0;
            long t = (System.nanoTime() - t0) / group;
            if (i >= 5) {
              buf[i - 5] = t;
              bufCpu[i - 5] = (mx.getCurrentThreadCpuTime() - c0) / group;
            }
            if (i % 20 == 19) mb.seal(); // keep generations small, as flushes do
          }
        }
      }
      // end to end: 4 writers through Ingest (WAL group commit + one buffer insert per group)
      int writers = 4;
      Files.createDirectories(tmp.resolve("duckdb2"));
      try (DuckDb db = new DuckDb(4096, 0, tmp.resolve("duckdb2"), List.of(tmp));
          Wal w = Wal.open(tmp.resolve("wal2"))) {
        Snapshots snapshots = new Snapshots(new LocalObjectStore(tmp.resolve("store2")));
        List<TableSchema> tables = new ArrayList<>(registry.tables());
        for (TableSchema t : tables) snapshots.register(t, new DeltaSnapshot(-1, List.of(), -1));
        try (MemoryBuffer mb = new MemoryBuffer(db, alloc, snapshots, tables)) {
          Ingest ingest = new Ingest(w, mb, new FlushScheduler(null, mb, java.time.Duration.ofHours(1), Long.MAX_VALUE), Long.MAX_VALUE, java.time.Duration.ZERO);
          VectorSchemaRoot b = batch;
          for (int i = 0; i < 5; i++) ingest.insert(table, b);
          var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
          long cpu0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          List<Thread> threads = new ArrayList<>();
          for (int k = 0; k < writers; k++) {
            threads.add(Thread.ofPlatform().start(() -> {
              for (int i = 0; i < iterations; i++) ingest.insert(table, b);
            }));
          }
          for (Thread t : threads) t.join();
          double secs = (System.nanoTime() - t0) / 1e9;
          double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
          System.out.printf(
              "%-40s %7.1f ms per statement, %7.1f ms process CPU per statement, %,.0f rows/s (WAL + buffer, parse excluded), %.1f frames per fsync%n",
              "ingest, " + writers + " writers", secs * 1e3 / (writers * iterations), cpuMs / (writers * iterations),
              (double) writers * iterations * rows / secs,
              w.metrics().framesWritten() / (double) w.metrics().fsyncs());
        }
      }

      String what = "buffer append" + (group > 1 ? " (per batch, " + group + "/insert)" : "");
      report(what, buf);
      report(what + " (calling thread CPU)", bufCpu);
      System.out.printf("%-40s mean %7.1f ms%n", what + " (process CPU)", bufProcCpu / 1e6 / iterations / group);
      batch.close();
    } finally {
      try (var walk = Files.walk(tmp)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static void report(String stage, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(
        "%-40s median %7.1f ms  min %7.1f ms  p90 %7.1f ms%n",
        stage, s[s.length / 2] / 1e6, s[0] / 1e6, s[(int) (s.length * 0.9)] / 1e6);
  }
}
