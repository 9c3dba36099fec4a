package io.timefusion.pgwire;

import io.timefusion.catalog.SchemaRegistry;
import io.timefusion.catalog.TableSchema;
import io.timefusion.delta.DeltaSnapshot;
import io.timefusion.query.DuckDb;
import io.timefusion.query.Snapshots;
import io.timefusion.sql.CopyIn;
import io.timefusion.sql.CopyOptions;
import io.timefusion.sql.ResultColumn;
import io.timefusion.storage.LocalObjectStore;
import io.timefusion.write.CopyLoader;
import io.timefusion.write.FlushScheduler;
import io.timefusion.write.Ingest;
import io.timefusion.write.MemoryBuffer;
import io.timefusion.write.Wal;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Benchmark, not a test: the server side of one COPY FROM STDIN without the network, in two
 * stages timed separately on one thread: decoding the data into Arrow batches (what the session
 * thread does while CopyData arrives) and committing them (WAL serialization, write and fsync,
 * then the DuckDB buffer append). Argument: a COPY dump from {@code bench/run --mode copy
 * --dump-sql FILE --rows N --batch N} [iterations=10].
 */
public final class CopyPathBench {
  private static final Pattern STATEMENT = Pattern.compile("(?is)COPY\\s+(\\w+)\\s*\\(([^)]*)\\)\\s+FROM\\s+STDIN(.*)");

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/copy.txt");
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String dump = Files.readString(file);
    int nl = dump.indexOf('\n');
    Matcher m = STATEMENT.matcher(dump.substring(0, nl).replace(";", ""));
    if (!m.matches()) throw new IllegalArgumentException("not a COPY statement: " + dump.substring(0, nl));
    boolean csv = m.group(3).toLowerCase().contains("csv");
    String body = dump.substring(nl + 1);
    int marker = body.lastIndexOf("\\.");
    byte[] data = (marker >= 0 ? body.substring(0, marker) : body).getBytes(StandardCharsets.UTF_8);
    TableSchema table = SchemaRegistry.load().table(m.group(1)).orElseThrow();
    String[] names = m.group(2).split(",");
    int[] columns = new int[names.length];
    List<ResultColumn> targets = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      columns[i] = table.indexOf(names[i].trim());
      targets.add(new ResultColumn(names[i].trim(), table.column(columns[i]).type().pgOid()));
    }
    boolean[] none = new boolean[names.length];
    CopyOptions options = csv
        ? new CopyOptions(CopyOptions.Format.CSV, (byte) ',', "", false, false, (byte) '"', (byte) '"', none, none, none)
        : new CopyOptions(CopyOptions.Format.TEXT, (byte) '\t', "\\N", false, false, (byte) 0, (byte) 0, none, none, none);
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Path tmp = Files.createTempDirectory("copybench");
    Files.createDirectories(tmp.resolve("duckdb"));
    try (BufferAllocator alloc = new RootAllocator();
        DuckDb db = new DuckDb(2048, 0, tmp.resolve("duckdb"), List.of(tmp));
        Wal wal = Wal.open(tmp.resolve("wal"))) {
      Snapshots snapshots = new Snapshots(new LocalObjectStore(tmp.resolve("store")));
      for (TableSchema t : SchemaRegistry.load().tables()) snapshots.register(t, new DeltaSnapshot(-1, List.of(), -1));
      try (MemoryBuffer buffer = new MemoryBuffer(db, alloc, snapshots, new ArrayList<>(SchemaRegistry.load().tables()))) {
        Ingest ingest = new Ingest(wal, buffer, new FlushScheduler(null, buffer, Duration.ofHours(1), Long.MAX_VALUE),
            Long.MAX_VALUE, Duration.ZERO);
        long[] decode = new long[iterations];
        long[] decodeCpu = new long[iterations];
        long[] decodeAlloc = new long[iterations];
        long[] commit = new long[iterations];
        long[] commitCpu = new long[iterations];
        long[] serializeCpu = new long[iterations];
        long[] writerCpu = new long[iterations];
        long writerId = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("wal-writer")).findFirst().orElseThrow().threadId();
        long rows = 0;
        CopyLoader.Shape shape = new CopyLoader.Shape(); // as the server keeps one per table
        for (int i = 0; i < iterations + 3; i++) {
          try (CopyLoader loader = new CopyLoader(table, columns, ingest, alloc, Long.MAX_VALUE, shape)) {
            CopyIn sink = new LoaderCopyIn(table.name(), targets, options, loader);
            long c0 = mx.getCurrentThreadCpuTime();
            long a0 = mx.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            CopyInDecoder decoder = CopyInDecoder.of(sink);
            for (int off = 0; off < data.length; off += 65536) decoder.feed(data, off, Math.min(65536, data.length - off));
            decoder.finish();
            long t1 = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            long a1 = mx.getCurrentThreadAllocatedBytes();
            long p1 = os.getProcessCpuTime();
            long w1 = mx.getThreadCpuTime(writerId);
            rows = loader.commit();
            long t2 = System.nanoTime();
            long c2 = mx.getCurrentThreadCpuTime();
            long w2 = mx.getThreadCpuTime(writerId);
            if (i >= 3) {
              decode[i - 3] = t1 - t0;
              decodeCpu[i - 3] = c1 - c0;
              decodeAlloc[i - 3] = a1 - a0;
              commit[i - 3] = t2 - t1;
              commitCpu[i - 3] = os.getProcessCpuTime() - p1;
              serializeCpu[i - 3] = c2 - c1;
              writerCpu[i - 3] = w2 - w1;
            }
          }
          if (i % 5 == 4) buffer.seal();
        }
        System.out.printf("COPY of %,d rows, %.1f MB of %s data (%.0f bytes/row), %d columns%n", rows, data.length / 1e6,
            csv ? "CSV" : "text", data.length / (double) rows, names.length);
        report("decode into Arrow (wall)", decode, rows, data.length);
        report("decode into Arrow (thread CPU)", decodeCpu, rows, data.length);
        System.out.printf("%-36s median %8.1f MB (%.1f KB/row)%n", "decode heap allocated", median(decodeAlloc) / 1e6,
            median(decodeAlloc) / 1e3 / rows);
        report("commit: WAL + buffer append (wall)", commit, rows, data.length);
        report("commit (process CPU, all threads)", commitCpu, rows, data.length);
        report("  of which WAL serialization (caller)", serializeCpu, rows, data.length);
        report("  of which WAL writer thread", writerCpu, rows, data.length);
        System.out.println("  (the WAL writer thread writes, forces and runs the DuckDB buffer insert; DuckDB's own");
        System.out.println("   worker threads are the rest of the process CPU)");
      }
    }
  }

  private static long median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static void report(String what, long[] nanos, long rows, long bytes) {
    long med = median(nanos);
    System.out.printf("%-36s median %8.1f ms  = %6.2f us/row, %,9.0f rows/s, %6.1f MB/s%n", what, med / 1e6, med / 1e3 / rows,
        rows / (med / 1e9), bytes / 1e6 / (med / 1e9));
  }

  /** The session's CopyIn without the session: fields straight into the loader. */
  private record LoaderCopyIn(String table, List<ResultColumn> targetColumns, CopyOptions options, CopyLoader loader)
      implements CopyIn {
    @Override
    public void text(int field, byte[] buf, int off, int len) {
      loader.text(field, buf, off, len);
    }

    @Override
    public void value(int field, Object value) {
      loader.value(field, value);
    }

    @Override
    public void endRow() {
      loader.endRow();
    }

    @Override
    public long finish() {
      return loader.commit();
    }

    @Override
    public List<ResultColumn> columns() {
      return List.of();
    }

    @Override
    public boolean next() {
      return false;
    }

    @Override
    public Object get(int i) {
      throw new IllegalStateException();
    }

    @Override
    public String commandTag() {
      return "COPY";
    }

    @Override
    public void close() {}
  }
}
