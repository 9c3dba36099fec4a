package io.timefusion.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent appenders share forces, and none is released before its frame is forced. */
class WalGroupCommitTest {
  static final int THREADS = 64;
  static final int APPENDS_PER_THREAD = 8;

  @TempDir Path dir;

  static void slowDisk() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void concurrentAppendersShareOneForce() throws Exception {
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
    try (RootAllocator allocator = new RootAllocator()) {
      WalMetrics m;
      // A slow disk: each force takes 10 ms more, so the group-commit window does not depend on
      // how the scheduler happens to interleave appenders and writer on a small machine.
      try (Wal wal = Wal.open(dir, WalOptions.defaults(), WalGroupCommitTest::slowDisk)) {
        // Batches are built up front so the appenders contend for the log, not for the CPU.
        List<List<VectorSchemaRoot>> batches = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          List<VectorSchemaRoot> mine = new ArrayList<>();
          for (int i = 0; i < APPENDS_PER_THREAD; i++) mine.add(OtelBatches.batch(allocator, "g" + t + "-" + i));
          batches.add(mine);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          List<VectorSchemaRoot> mine = batches.get(t);
          threads.add(Thread.ofVirtual().start(() -> {
            try {
              start.await();
              for (VectorSchemaRoot b : mine) {
                long seq = wal.append(OtelBatches.TABLE, b);
                // lastDurableSeq only moves after FileChannel.force returned for the frame.
                if (wal.lastDurableSeq() < seq) violations.add("seq " + seq + " acknowledged before its force");
                seqs.add(seq);
              }
            } catch (Exception e) {
              violations.add(e.toString());
            }
          }));
        }
        start.countDown();
        for (Thread t : threads) t.join();
        batches.forEach(l -> l.forEach(VectorSchemaRoot::close));
        m = wal.metrics();
      }
      int appends = THREADS * APPENDS_PER_THREAD;
      assertEquals(List.of(), List.copyOf(violations));
      assertEquals(appends, seqs.size());
      assertEquals(appends, seqs.stream().distinct().count(), "sequence numbers are unique");
      assertEquals(appends, m.framesWritten());
      assertEquals(appends, m.lastDurableSeq());
      System.out.printf("group commit: %d appends, %d fsyncs%n", appends, m.fsyncs());
      assertTrue(m.fsyncs() * 4 <= appends, "expected shared fsyncs, got " + m.fsyncs() + " for " + appends);
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
