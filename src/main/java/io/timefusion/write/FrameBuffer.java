package io.timefusion.write;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * A growable byte array that Arrow's stream writer writes into; pooled so serializing a batch
 * reuses memory instead of allocating a fresh buffer per append.
 */
final class FrameBuffer implements WritableByteChannel {
  private byte[] bytes;
  private int length;

  FrameBuffer(int initialCapacity) {
    bytes = new byte[initialCapacity];
  }

  byte[] array() {
    return bytes;
  }

  int length() {
    return length;
  }

  int capacity() {
    return bytes.length;
  }

  void reset() {
    length = 0;
  }

  @Override
  public int write(ByteBuffer src) {
    int n = src.remaining();
    if (length + n > bytes.length) {
      long wanted = Math.max((long) bytes.length * 2, (long) length + n);
      if (wanted > Integer.MAX_VALUE - 8) throw new IllegalStateException("WAL frame larger than 2 GiB");
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
    src.get(bytes, length, n);
    length += n;
    return n;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void close() {}
}
