package io.timefusion.write;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** Reads and verifies the frames of one segment file, front to back. */
final class SegmentReader implements Closeable {
  /**
   * A verified frame; {@code payload} is only valid until the next read. {@code continued}: the
   * frame's record goes on in the next frame.
   */
  record Frame(
      long offset, long end, long seq, long groupStart, String table, byte[] payload, int payloadLength, boolean continued) {}

  /** A frame that is incomplete or fails its checks. */
  static final class BadFrame extends Exception {
    final long offset;

    BadFrame(long offset, String reason) {
      super(reason, null, false, false);
      this.offset = offset;
    }
  }

  private static final int SCAN_CHUNK = 1 << 20;

  private final Path path;
  private final FileChannel channel;
  private final long limit;
  private final ByteBuffer header = ByteBuffer.allocate(WalFrame.headerLength(WalFrame.MAX_TABLE_NAME_BYTES));
  private final CRC32C crc = new CRC32C();
  private byte[] payload = new byte[1 << 16];
  private long position;

  /** Reads the whole file. */
  SegmentReader(Path path) throws IOException {
    this(path, -1);
  }

  /** Reads the first {@code limit} bytes of the file, or all of it when limit is negative. */
  SegmentReader(Path path, long limit) throws IOException {
    this.path = path;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.limit = limit < 0 ? channel.size() : limit;
  }

  Path path() {
    return path;
  }

  /** Offset just past the last frame returned. */
  long position() {
    return position;
  }

  /** The next frame, or null at a clean end of the segment. */
  Frame next() throws IOException, BadFrame {
    if (position >= limit) return null;
    Frame f = readAt(position);
    position = f.end();
    return f;
  }

  /** The first complete, verified frame that starts at or after {@code from}, or null. */
  Frame nextValidFrame(long from) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK);
    long base = from;
    while (base + 4 <= limit) {
      chunk.clear();
      chunk.limit((int) Math.min(SCAN_CHUNK, limit - base));
      readFully(chunk, base);
      int n = chunk.position();
      for (int i = 0; i + 4 <= n; i++) {
        if (!WalFrame.isMagic(chunk.getInt(i))) continue;
        try {
          return readAt(base + i);
        } catch (BadFrame notAFrame) {
          // keep scanning
        }
      }
      base += n - 3;
    }
    return null;
  }

  Frame readAt(long at) throws IOException, BadFrame {
    if (limit - at < WalFrame.FIXED_HEADER) throw new BadFrame(at, "incomplete frame header");
    header.clear().limit(WalFrame.FIXED_HEADER);
    readFully(header, at);
    int magic = header.getInt(0);
    if (!WalFrame.isMagic(magic)) throw new BadFrame(at, "no frame magic");
    int payloadLength = header.getInt(4);
    int payloadCrc = header.getInt(8);
    long seq = header.getLong(12);
    long groupStart = header.getLong(20);
    int nameLength = Short.toUnsignedInt(header.getShort(28));
    int headerLength = WalFrame.headerLength(nameLength);
    if (limit - at < headerLength) throw new BadFrame(at, "incomplete frame header");
    header.limit(headerLength);
    readFully(header, at + WalFrame.FIXED_HEADER);
    crc.reset();
    crc.update(header.array(), 0, headerLength - 4);
    if ((int) crc.getValue() != header.getInt(headerLength - 4)) {
      throw new BadFrame(at, "frame header checksum mismatch");
    }
    if (payloadLength < 0) throw new BadFrame(at, "negative payload length " + payloadLength);
    long payloadAt = at + headerLength;
    if (limit - payloadAt < payloadLength) {
      throw new BadFrame(
          at, "incomplete frame: payload of " + payloadLength + " bytes, " + (limit - payloadAt) + " present");
    }
    if (payload.length < payloadLength) payload = new byte[Math.max(payloadLength, payload.length * 2)];
    readFully(ByteBuffer.wrap(payload, 0, payloadLength), payloadAt);
    crc.reset();
    crc.update(payload, 0, payloadLength);
    if ((int) crc.getValue() != payloadCrc) throw new BadFrame(at, "payload checksum mismatch (seq " + seq + ")");
    String table = new String(header.array(), WalFrame.FIXED_HEADER, nameLength, StandardCharsets.UTF_8);
    return new Frame(
        at, payloadAt + payloadLength, seq, groupStart, table, payload, payloadLength, magic == WalFrame.MAGIC_CONTINUED);
  }

  private void readFully(ByteBuffer into, long at) throws IOException {
    while (into.hasRemaining()) {
      int n = channel.read(into, at);
      if (n < 0) throw new EOFException(path + " ended at " + at);
      at += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
