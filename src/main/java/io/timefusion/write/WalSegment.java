package io.timefusion.write;

import java.nio.file.Path;

/**
 * One segment file: frames with consecutive sequence numbers starting at {@code firstSeq}, which
 * is also the file's name. Mutable fields are only changed by the WAL's writer thread (or at
 * open, before it starts).
 */
final class WalSegment {
  static final String SUFFIX = ".wal";

  final long firstSeq;
  final Path path;
  /** Sequence number of the last frame, {@code firstSeq - 1} while empty. */
  volatile long lastSeq;
  /** Bytes of valid frames in the file. */
  volatile long size;

  WalSegment(long firstSeq, Path path, long lastSeq, long size) {
    this.firstSeq = firstSeq;
    this.path = path;
    this.lastSeq = lastSeq;
    this.size = size;
  }

  WalSegment copy() {
    return new WalSegment(firstSeq, path, lastSeq, size);
  }

  boolean isEmpty() {
    return lastSeq < firstSeq;
  }

  static String fileName(long firstSeq) {
    return String.format("%020d%s", firstSeq, SUFFIX);
  }

  /** The first sequence number a segment file name stands for, or -1 if it is not one. */
  static long parseFileName(String name) {
    if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) return -1;
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
