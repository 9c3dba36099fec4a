package io.timefusion.write;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.util.TransferPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the log back: at open it verifies every frame and cuts a torn tail off the last segment;
 * at replay it decodes the frames into Arrow batches.
 */
final class WalRecovery {
  private static final Logger log = LoggerFactory.getLogger(WalRecovery.class);

  /** The segments found, each with the length of its valid frames, and the next sequence number. */
  record Recovered(List<WalSegment> segments, long nextSeq) {}

  private WalRecovery() {}

  static Recovered scan(Path dir) throws IOException {
    List<WalSegment> files = list(dir);
    List<WalSegment> out = new ArrayList<>();
    long expected = -1;
    for (int i = 0; i < files.size(); i++) {
      WalSegment f = files.get(i);
      boolean last = i == files.size() - 1;
      if (expected >= 0 && f.firstSeq != expected) {
        throw new WalCorruptionException(
            f.path,
            0,
            "segment starts at sequence "
                + f.firstSeq
                + " but the previous segment ends at "
                + (expected - 1)
                + "; a segment file is missing or misnamed");
      }
      long seq = f.firstSeq;
      long validEnd;
      try (SegmentReader r = new SegmentReader(f.path)) {
        // The first frame of a record whose last frame has not been read yet, if any.
        SegmentReader.Frame open = null;
        SegmentReader.BadFrame torn = null;
        while (true) {
          SegmentReader.Frame frame;
          try {
            frame = r.next();
          } catch (SegmentReader.BadFrame bad) {
            if (!last) {
              throw new WalCorruptionException(
                  f.path, bad.offset, bad.getMessage() + " in a segment that is not the last one");
            }
            checkTornTail(r, bad, seq);
            torn = bad;
            break;
          }
          if (frame == null) break;
          if (frame.seq() != seq) {
            throw new WalCorruptionException(
                f.path, frame.offset(), "frame has sequence " + frame.seq() + ", expected " + seq);
          }
          if (open != null && frame.groupStart() != open.groupStart()) {
            throw new WalCorruptionException(
                f.path, frame.offset(), "frame " + frame.seq() + " is not in the write group of the record it continues");
          }
          if (!frame.continued()) open = null;
          else if (open == null) open = frame;
          seq++;
        }
        validEnd = r.position();
        if (open != null && !last) {
          throw new WalCorruptionException(
              f.path, open.offset(), "the record starting with frame " + open.seq() + " does not end in its segment");
        }
        if (open != null) {
          // The record's end never reached the disk: it was not acknowledged, and none of it counts.
          cut(f.path, open.offset(), "incomplete record from frame " + open.seq()
              + (torn == null ? "" : " (" + torn.getMessage() + ")"));
          validEnd = open.offset();
          seq = open.seq();
        } else if (torn != null) {
          cut(f.path, torn.offset, torn.getMessage());
          validEnd = torn.offset;
        }
      }
      out.add(new WalSegment(f.firstSeq, f.path, seq - 1, validEnd));
      expected = seq;
    }
    return new Recovered(out, expected < 0 ? 1 : expected);
  }

  /**
   * A bad frame at the end of the last segment is a crash during a write that was never forced,
   * and so never acknowledged, if every complete frame after it belongs to the same write group.
   * A complete frame of a later group means the bad one had been forced: that is damage, not a
   * torn write.
   */
  private static void checkTornTail(SegmentReader r, SegmentReader.BadFrame bad, long badSeq) throws IOException {
    for (SegmentReader.Frame f = r.nextValidFrame(bad.offset + 1); f != null; f = r.nextValidFrame(f.end())) {
      if (f.groupStart() > badSeq || f.seq() < badSeq) {
        throw new WalCorruptionException(
            r.path(),
            bad.offset,
            bad.getMessage() + ", yet the complete frame with sequence " + f.seq() + " at offset "
                + f.offset() + " was forced after it");
      }
    }
  }

  /** Cuts the unacknowledged tail off the last segment, from {@code offset} on. */
  private static void cut(Path path, long offset, String reason) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      long size = ch.size();
      ch.truncate(offset);
      ch.force(true);
      log.warn(
          "WAL: cut torn tail of {} at offset {} ({} bytes of unacknowledged writes dropped): {}",
          path,
          offset,
          size - offset,
          reason);
    }
  }

  static long replay(
      List<WalSegment> segments, BufferAllocator allocator, Wal.ReplayFilter filter, Wal.ReplayConsumer consumer)
      throws IOException {
    long handed = 0;
    for (WalSegment s : segments) {
      try (SegmentReader r = new SegmentReader(s.path, s.size)) {
        while (true) {
          SegmentReader.Frame f;
          try {
            f = r.next();
          } catch (SegmentReader.BadFrame bad) {
            throw new WalCorruptionException(s.path, bad.offset, bad.getMessage() + " (changed since open)");
          }
          if (f == null) break;
          if (!filter.needs(f.table(), f.seq())) continue;
          consumer.accept(f.table(), f.seq(), decode(s.path, f, allocator));
          handed++;
        }
      }
    }
    return handed;
  }

  /** Decodes a payload into a root the caller owns, its buffers allocated from {@code allocator}. */
  private static VectorSchemaRoot decode(Path path, SegmentReader.Frame f, BufferAllocator allocator)
      throws IOException {
    try (ArrowStreamReader reader =
        new ArrowStreamReader(new ByteArrayInputStream(f.payload(), 0, f.payloadLength()), allocator)) {
      if (!reader.loadNextBatch()) {
        throw new WalCorruptionException(path, f.offset(), "frame " + f.seq() + " holds no record batch");
      }
      VectorSchemaRoot read = reader.getVectorSchemaRoot();
      List<FieldVector> vectors = new ArrayList<>(read.getFieldVectors().size());
      for (FieldVector v : read.getFieldVectors()) {
        TransferPair t = v.getTransferPair(allocator);
        t.transfer();
        vectors.add((FieldVector) t.getTo());
      }
      return new VectorSchemaRoot(read.getSchema().getFields(), vectors, read.getRowCount());
    }
  }

  private static List<WalSegment> list(Path dir) throws IOException {
    List<WalSegment> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        long first = WalSegment.parseFileName(p.getFileName().toString());
        if (first >= 0) out.add(new WalSegment(first, p, first - 1, 0));
      }
    }
    out.sort(Comparator.comparingLong(s -> s.firstSeq));
    return out;
  }
}
