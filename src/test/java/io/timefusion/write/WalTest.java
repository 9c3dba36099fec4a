package io.timefusion.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
  @TempDir Path dir;
  final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeaks() {
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  /** A replayed frame, already compared-ready: its table, sequence number and content. */
  record Replayed(String table, long seq, String content) {}

  List<Replayed> replayAll(Wal wal, Map<String, Long> flushedUpTo) throws IOException {
    List<Replayed> out = new ArrayList<>();
    wal.replay(allocator, flushedUpTo, (table, seq, batch) -> {
      try (batch) {
        out.add(new Replayed(table, seq, OtelBatches.content(batch)));
      }
    });
    return out;
  }

  long append(Wal wal, String key) {
    try (VectorSchemaRoot b = OtelBatches.batch(allocator, key)) {
      return wal.append(OtelBatches.TABLE, b);
    }
  }

  List<Path> segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
    }
  }

  @Test
  void replaysEveryBatchAfterCloseWithItsContent() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      for (int i = 0; i < 10; i++) assertEquals(i + 1, append(wal, "k" + i));
      WalMetrics m = wal.metrics();
      assertEquals(10, m.framesWritten());
      assertEquals(10, m.lastDurableSeq());
      assertTrue(m.fsyncs() >= 1 && m.fsyncs() <= 10);
      assertEquals(m.bytesWritten(), m.sizeOnDisk());
    }
    try (Wal wal = Wal.open(dir)) {
      List<Replayed> got = replayAll(wal, Map.of());
      assertEquals(10, got.size());
      for (int i = 0; i < 10; i++) {
        assertEquals(new Replayed(OtelBatches.TABLE, i + 1, OtelBatches.expectedContent(allocator, "k" + i)), got.get(i));
      }
    }
  }

  @Test
  void sequenceNumbersContinueAcrossRestartsAndAreNeverReused() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      for (int i = 0; i < 3; i++) append(wal, "a" + i);
    }
    try (Wal wal = Wal.open(dir)) {
      assertEquals(3, wal.lastDurableSeq());
      assertEquals(4, append(wal, "b0"));
      assertEquals(5, append(wal, "b1"));
    }
    // A restart without appends leaves the empty segment named after the next number.
    try (Wal wal = Wal.open(dir)) {}
    try (Wal wal = Wal.open(dir)) {
      assertEquals(6, append(wal, "c0"));
      // Even once everything is truncated away, the next number survives a restart.
      wal.truncate(6);
      assertEquals(List.of(dir.resolve(WalSegment.fileName(7))), segmentFiles());
    }
    try (Wal wal = Wal.open(dir)) {
      assertEquals(List.of(), replayAll(wal, Map.of()));
      assertEquals(7, append(wal, "d0"));
    }
    try (Wal wal = Wal.open(dir)) {
      List<Replayed> got = replayAll(wal, Map.of());
      assertEquals(List.of(7L), got.stream().map(Replayed::seq).toList());
      assertEquals(OtelBatches.expectedContent(allocator, "d0"), got.get(0).content());
    }
  }

  @Test
  void rotatesSegmentsAndTruncatesWhatIsFlushed() throws IOException {
    WalOptions tiny = WalOptions.defaults().withSegmentBytes(1); // one group per segment
    try (Wal wal = Wal.open(dir, tiny)) {
      for (int i = 0; i < 10; i++) append(wal, "r" + i);
      assertEquals(11, segmentFiles().size()); // 10 full ones and the empty active one
      assertEquals(11, wal.metrics().segments());
      long before = wal.metrics().sizeOnDisk();
      assertEquals(4, wal.truncate(4));
      assertEquals(7, segmentFiles().size());
      assertTrue(wal.metrics().sizeOnDisk() < before);
      assertEquals(0, wal.truncate(4));
    }
    try (Wal wal = Wal.open(dir, tiny)) {
      List<Replayed> got = replayAll(wal, Map.of());
      assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), got.stream().map(Replayed::seq).toList());
      assertEquals(OtelBatches.expectedContent(allocator, "r4"), got.get(0).content());
    }
    // Within one large segment, the active segment is rotated so that it can go as well.
    try (Wal wal = Wal.open(dir)) {
      for (int i = 0; i < 5; i++) append(wal, "s" + i);
      wal.truncate(15);
      assertEquals(List.of(dir.resolve(WalSegment.fileName(16))), segmentFiles());
      assertEquals(0, wal.metrics().sizeOnDisk());
      // Truncating less than a segment's last frame keeps it.
      append(wal, "t0");
      append(wal, "t1");
      assertEquals(0, wal.truncate(16));
      assertEquals(1, segmentFiles().size());
    }
  }

  @Test
  void replaySkipsWhatEachTableHasFlushed() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      for (int i = 0; i < 6; i++) {
        try (VectorSchemaRoot b = OtelBatches.batch(allocator, "m" + i)) {
          wal.append(i % 2 == 0 ? "even" : "odd", b);
        }
      }
    }
    try (Wal wal = Wal.open(dir)) {
      List<Replayed> got = replayAll(wal, Map.of("even", 3L, "odd", 2L));
      assertEquals(List.of(4L, 5L, 6L), got.stream().map(Replayed::seq).toList());
      assertEquals(List.of("odd", "even", "odd"), got.stream().map(Replayed::table).toList());
    }
  }

  @Test
  void callbacksRunInSequenceOrderAfterTheFrameIsDurable() throws Exception {
    List<Long> visible = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Long>> futures = Collections.synchronizedList(new ArrayList<>());
    try (Wal wal = Wal.open(dir)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        threads.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < 25; i++) {
            try (VectorSchemaRoot b = OtelBatches.batch(allocator, "cb" + id + "-" + i)) {
              futures.add(wal.appendAsync(OtelBatches.TABLE, b, seq -> {
                assertTrue(wal.lastDurableSeq() >= seq, "callback before the force");
                visible.add(seq);
              }));
            }
          }
        }));
      }
      for (Thread t : threads) t.join();
      List<Long> seqs = new ArrayList<>();
      for (CompletableFuture<Long> f : futures) seqs.add(f.get());
      Collections.sort(seqs);
      assertEquals(200, visible.size());
      assertEquals(seqs, visible, "callbacks must run in sequence order, once each");
      assertEquals(1L, visible.get(0));
      assertEquals(200L, visible.get(199));
    }
  }

  @Test
  void boundedQueueBlocksAppendersWithoutLosingAny() throws Exception {
    // The queue holds less than one frame; each appender waits for the previous group.
    try (Wal wal = Wal.open(dir, WalOptions.defaults().withMaxQueuedBytes(1))) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        threads.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < 10; i++) append(wal, "bp" + id + "-" + i);
        }));
      }
      for (Thread t : threads) t.join();
      assertEquals(80, wal.metrics().framesWritten());
      assertEquals(80, wal.metrics().fsyncs(), "a queue of one frame allows no sharing");
    }
  }

  @Test
  void aDirectoryIsOpenedByOneLogAtATime() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      IOException e = assertThrows(IOException.class, () -> Wal.open(dir));
      assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }
    try (Wal again = Wal.open(dir)) {
      assertEquals(1, append(again, "x"));
    }
  }

  @Test
  void replayIncludesOnlyWhatWasThereAtOpen() throws IOException {
    try (Wal wal = Wal.open(dir)) {}
    try (Wal wal = Wal.open(dir)) { // reuses the empty segment for new appends
      append(wal, "new");
      assertEquals(List.of(), replayAll(wal, Map.of()));
    }
  }

  @Test
  void appendAfterCloseFailsWithShutdownError() throws IOException {
    Wal wal = Wal.open(dir);
    wal.close();
    PgException e = assertThrows(PgException.class, () -> append(wal, "late"));
    assertEquals(SqlState.ADMIN_SHUTDOWN, e.state());
  }
}
