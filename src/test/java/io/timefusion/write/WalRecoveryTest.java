package io.timefusion.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged logs: a torn tail is cut away, damage anywhere else stops start-up. */
class WalRecoveryTest {
  @TempDir Path dir;
  final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeaks() {
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
    allocator.close();
  }

  /** Appends {@code count} frames keyed "f1".."fN" (key matches the sequence number). */
  void write(int count, WalOptions options) throws IOException {
    try (Wal wal = Wal.open(dir, options)) {
      for (int i = 1; i <= count; i++) {
        try (VectorSchemaRoot b = OtelBatches.batch(allocator, "f" + i)) {
          assertEquals(i, wal.append(OtelBatches.TABLE, b));
        }
      }
    }
  }

  /** Sequence numbers replayed, after checking each frame's content against its key. */
  List<Long> replayedSeqs() throws IOException {
    List<Long> seqs = new ArrayList<>();
    try (Wal wal = Wal.open(dir)) {
      wal.replay(allocator, Map.of(), (table, seq, batch) -> {
        try (batch) {
          assertEquals(OtelBatches.expectedContent(allocator, "f" + seq), OtelBatches.content(batch));
          seqs.add(seq);
        }
      });
    }
    return seqs;
  }

  List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
    }
  }

  /** The frames of a segment file, in order. */
  static List<SegmentReader.Frame> frames(Path segment) throws Exception {
    List<SegmentReader.Frame> out = new ArrayList<>();
    try (SegmentReader r = new SegmentReader(segment)) {
      for (SegmentReader.Frame f = r.next(); f != null; f = r.next()) out.add(f);
    }
    return out;
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
      ch.write(b, offset);
    }
  }

  static void chop(Path file, long bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - bytes);
    }
  }

  @Test
  void tornTailOfLastSegmentIsCutAndAppendsContinue() throws Exception {
    write(5, WalOptions.defaults());
    Path seg = segments().get(0);
    long fourFrames = frames(seg).get(4).offset();
    chop(seg, 10);
    assertEquals(List.of(1L, 2L, 3L, 4L), replayedSeqs());
    assertEquals(fourFrames, Files.size(seg), "the torn frame is cut off the file");
    try (Wal wal = Wal.open(dir);
        VectorSchemaRoot b = OtelBatches.batch(allocator, "f5")) {
      assertEquals(5, wal.append(OtelBatches.TABLE, b));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), replayedSeqs());
  }

  @Test
  void tailCutInsideAFrameHeaderIsATornTail() throws Exception {
    write(3, WalOptions.defaults());
    Path seg = segments().get(0);
    long third = frames(seg).get(2).offset();
    chop(seg, Files.size(seg) - third - 7);
    assertEquals(List.of(1L, 2L), replayedSeqs());
  }

  @Test
  void lastFrameWithBadChecksumIsCut() throws Exception {
    write(5, WalOptions.defaults());
    Path seg = segments().get(0);
    SegmentReader.Frame last = frames(seg).get(4);
    flipByte(seg, last.end() - 20); // inside the payload
    assertEquals(List.of(1L, 2L, 3L, 4L), replayedSeqs());
  }

  @Test
  void zeroFilledTailIsCut() throws Exception {
    write(2, WalOptions.defaults());
    Path seg = segments().get(0);
    Files.write(seg, new byte[4096], StandardOpenOption.APPEND);
    assertEquals(List.of(1L, 2L), replayedSeqs());
  }

  @Test
  void damagedFrameInAnEarlierSegmentStopsStartUp() throws Exception {
    write(6, WalOptions.defaults().withSegmentBytes(1));
    Path second = segments().get(1);
    SegmentReader.Frame f = frames(second).get(0);
    flipByte(second, f.end() - 5);
    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir));
    assertEquals(second, e.segment());
    assertTrue(e.getMessage().contains("payload checksum mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains("not the last"), e.getMessage());
    assertEquals(List.of(), segments().stream().filter(p -> !Files.exists(p)).toList(), "nothing deleted");
  }

  @Test
  void damagedFrameFollowedByALaterForcedGroupStopsStartUp() throws Exception {
    // Sequential appends are separate groups: frame 3 was forced before frame 4 was written,
    // so damage to frame 3 is not a torn write even though it sits in the last segment.
    write(5, WalOptions.defaults());
    Path seg = segments().get(0);
    long size = Files.size(seg);
    SegmentReader.Frame third = frames(seg).get(2);
    flipByte(seg, third.offset() + 14); // inside the sequence number: header checksum fails
    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir));
    assertTrue(e.getMessage().contains("header checksum mismatch"), e.getMessage());
    assertEquals(third.offset(), e.offset());
    assertEquals(size, Files.size(seg), "a corrupt log is never cut");
  }

  @Test
  void missingSegmentStopsStartUp() throws Exception {
    write(4, WalOptions.defaults().withSegmentBytes(1));
    Files.delete(segments().get(1));
    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> Wal.open(dir));
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void tornTailOfUnforcedGroupIsCutEvenWithCompleteFramesAfterIt() throws Exception {
    // A crash mid-group can persist later pages of the group and not earlier ones; none of
    // the group was acknowledged. Simulate: frames 3..5 written as one group, frame 3 torn.
    try (Wal wal = Wal.open(dir)) {
      for (int i = 1; i <= 2; i++) {
        try (VectorSchemaRoot b = OtelBatches.batch(allocator, "f" + i)) {
          wal.append(OtelBatches.TABLE, b);
        }
      }
    }
    Path seg = dir.resolve(WalSegment.fileName(3)); // a fresh segment, as after a rotation
    byte[][] payloads = new byte[3][];
    for (int i = 0; i < 3; i++) {
      FrameBuffer fb = new FrameBuffer(1024);
      try (VectorSchemaRoot b = OtelBatches.batch(allocator, "f" + (i + 3));
          var w = new org.apache.arrow.vector.ipc.ArrowStreamWriter(b, null, fb)) {
        w.start();
        w.writeBatch();
        w.end();
      }
      payloads[i] = java.util.Arrays.copyOf(fb.array(), fb.length());
    }
    ByteBuffer group = ByteBuffer.allocate(1 << 20);
    byte[] name = OtelBatches.TABLE.getBytes();
    for (int i = 0; i < 3; i++) {
      WalFrame.putHeader(group, 3 + i, 3, name, payloads[i].length, WalFrame.payloadCrc(payloads[i], payloads[i].length), false);
      group.put(payloads[i]);
    }
    group.flip();
    Files.write(seg, java.util.Arrays.copyOf(group.array(), group.limit()));
    flipByte(seg, 40); // damage frame 3's payload
    assertEquals(List.of(1L, 2L), replayedSeqs());
    assertEquals(0, Files.size(seg));
  }

  /** Appends "f1" alone, then "f2".."f4" as one record (a COPY's batches); returns the segment. */
  Path writeRecord() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      try (VectorSchemaRoot b = OtelBatches.batch(allocator, "f1")) {
        assertEquals(1, wal.append(OtelBatches.TABLE, b));
      }
      List<VectorSchemaRoot> record = new ArrayList<>();
      try {
        for (int i = 2; i <= 4; i++) record.add(OtelBatches.batch(allocator, "f" + i));
        assertEquals(4L, wal.appendAsync(OtelBatches.TABLE, record, null).join(), "a record is numbered by its last frame");
      } finally {
        record.forEach(VectorSchemaRoot::close);
      }
    }
    return segments().get(0);
  }

  @Test
  void aRecordIsReplayedWholeAndAppendsContinueAfterIt() throws Exception {
    Path seg = writeRecord();
    List<SegmentReader.Frame> frames = frames(seg);
    assertEquals(List.of(false, true, true, false), frames.stream().map(SegmentReader.Frame::continued).toList());
    assertEquals(List.of(1L, 2L, 2L, 2L), frames.stream().map(SegmentReader.Frame::groupStart).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L), replayedSeqs());
    try (Wal wal = Wal.open(dir);
        VectorSchemaRoot b = OtelBatches.batch(allocator, "f5")) {
      assertEquals(5, wal.append(OtelBatches.TABLE, b));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), replayedSeqs());
  }

  @Test
  void aRecordWhoseLastFrameNeverReachedTheDiskIsDroppedWhole() throws Exception {
    // The log ends cleanly after frame 3, but frame 3 says its record continues: a crash
    // between writes of one group. Frames 2 and 3 are intact and still must not be replayed.
    Path seg = writeRecord();
    List<SegmentReader.Frame> frames = frames(seg);
    chop(seg, Files.size(seg) - frames.get(3).offset());
    assertEquals(List.of(1L), replayedSeqs());
    assertEquals(frames.get(1).offset(), Files.size(seg), "the incomplete record is cut off the file");
    try (Wal wal = Wal.open(dir);
        VectorSchemaRoot b = OtelBatches.batch(allocator, "f2")) {
      assertEquals(2, wal.append(OtelBatches.TABLE, b), "sequence numbers of the dropped record are reused");
    }
    assertEquals(List.of(1L, 2L), replayedSeqs());
  }

  @Test
  void aRecordWithATornLastFrameIsDroppedWhole() throws Exception {
    Path seg = writeRecord();
    long recordStart = frames(seg).get(1).offset();
    chop(seg, 10);
    assertEquals(List.of(1L), replayedSeqs());
    assertEquals(recordStart, Files.size(seg));
  }

  @Test
  void aRecordWithADamagedMiddleFrameIsDroppedWhole() throws Exception {
    Path seg = writeRecord();
    List<SegmentReader.Frame> frames = frames(seg);
    flipByte(seg, frames.get(2).end() - 5);
    assertEquals(List.of(1L), replayedSeqs());
    assertEquals(frames.get(1).offset(), Files.size(seg));
  }
}
