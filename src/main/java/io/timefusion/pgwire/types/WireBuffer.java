package io.timefusion.pgwire.types;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer in network byte order that protocol messages and values are written into,
 * reused across rows so the result path does not allocate per value.
 */
public final class WireBuffer {
  private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

  private byte[] bytes;
  private int size;

  public WireBuffer(int capacity) {
    this.bytes = new byte[Math.max(16, capacity)];
  }

  public int size() {
    return size;
  }

  public byte[] array() {
    return bytes;
  }

  public void clear() {
    size = 0;
  }

  /** Drops everything written after {@code position}. */
  public void truncate(int position) {
    size = position;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }

  public WireBuffer writeByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
    return this;
  }

  public WireBuffer writeShort(int v) {
    ensure(2);
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) v;
    return this;
  }

  public WireBuffer writeInt(int v) {
    ensure(4);
    putInt(size, v);
    size += 4;
    return this;
  }

  public WireBuffer writeLong(long v) {
    writeInt((int) (v >>> 32));
    return writeInt((int) v);
  }

  /** Overwrites four bytes at {@code position}, for lengths known only after the content. */
  public void putInt(int position, int v) {
    bytes[position] = (byte) (v >>> 24);
    bytes[position + 1] = (byte) (v >>> 16);
    bytes[position + 2] = (byte) (v >>> 8);
    bytes[position + 3] = (byte) v;
  }

  public WireBuffer writeBytes(byte[] src) {
    return writeBytes(src, 0, src.length);
  }

  public WireBuffer writeBytes(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, bytes, size, len);
    size += len;
    return this;
  }

  /** Writes a string as UTF-8 without a terminator. */
  public WireBuffer writeUtf8(CharSequence s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return writeBytes(s.subSequence(i, n).toString().getBytes(StandardCharsets.UTF_8));
      }
      bytes[size++] = (byte) c;
    }
    return this;
  }

  /** Writes a NUL-terminated UTF-8 string, as protocol messages carry them. */
  public WireBuffer writeCString(String s) {
    writeUtf8(s);
    return writeByte(0);
  }

  /** Writes the decimal digits of {@code v} as ASCII without building a String. */
  public WireBuffer writeAsciiLong(long v) {
    if (v == Long.MIN_VALUE) {
      return writeBytes(LONG_MIN);
    }
    ensure(20);
    if (v < 0) {
      bytes[size++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int end = size + digits;
    for (int p = end - 1; p >= size; p--) {
      bytes[p] = DIGITS[(int) (v % 10)];
      v /= 10;
    }
    size = end;
    return this;
  }

  /** Writes {@code v} as exactly {@code width} zero-padded digits ({@code v} must be non-negative). */
  public WireBuffer writePadded(int v, int width) {
    ensure(width);
    for (int p = size + width - 1; p >= size; p--) {
      bytes[p] = DIGITS[v % 10];
      v /= 10;
    }
    size += width;
    return this;
  }
}
