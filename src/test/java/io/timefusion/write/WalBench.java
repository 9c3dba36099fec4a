package io.timefusion.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Appends 1000-row otel_logs_and_spans batches from several threads for a while and prints the
 * rate. Arguments: [seconds=10] [threads=4] [rows=1000] [dir=a temp directory].
 */
public final class WalBench {
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("walbench");
    LongAdder appends = new LongAdder();
    try (RootAllocator allocator = new RootAllocator();
        Wal wal = Wal.open(dir)) {
      List<VectorSchemaRoot> batches = new ArrayList<>();
      for (int t = 0; t < threads; t++) batches.add(OtelBatches.batch(allocator, "bench" + t, rows));
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long start = System.nanoTime();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        VectorSchemaRoot b = batches.get(t);
        workers.add(Thread.ofPlatform().start(() -> {
          while (System.nanoTime() < end) {
            wal.append(OtelBatches.TABLE, b);
            appends.increment();
            // Keep the disk bounded during long runs; every frame is durable anyway.
            if (appends.sum() % 2000 == 0) wal.truncate(wal.lastDurableSeq() - 1000);
          }
        }));
      }
      for (Thread w : workers) w.join();
      double secs = (System.nanoTime() - start) / 1e9;
      WalMetrics m = wal.metrics();
      System.out.printf(
          "WalBench: %d threads, %d-row batches, %.1f s: %.0f appends/s, %.0f rows/s, %.1f MB/s, "
              + "%d fsyncs (%.1f frames per fsync), %.1f KiB per frame%n",
          threads, rows, secs, appends.sum() / secs, appends.sum() * (double) rows / secs,
          m.bytesWritten() / secs / 1e6, m.fsyncs(), m.framesWritten() / (double) m.fsyncs(),
          m.bytesWritten() / (double) m.framesWritten() / 1024);
      batches.forEach(VectorSchemaRoot::close);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
      }
      Files.delete(dir);
    }
  }
}
