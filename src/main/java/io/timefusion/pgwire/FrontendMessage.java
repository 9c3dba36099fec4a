package io.timefusion.pgwire;

import java.nio.charset.StandardCharsets;

/** The body of one frontend message, read front to back; overruns are protocol violations. */
final class FrontendMessage {
  private final byte[] buf;
  private final int limit;
  private int pos;

  FrontendMessage(byte[] buf, int len) {
    this.buf = buf;
    this.limit = len;
  }

  private void need(int n) {
    if (n < 0 || pos + n > limit) {
      throw new MalformedMessageException("invalid message format");
    }
  }

  int remaining() {
    return limit - pos;
  }

  byte readByte() {
    need(1);
    return buf[pos++];
  }

  int readInt16() {
    need(2);
    int v = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
    pos += 2;
    return v;
  }

  int readInt32() {
    need(4);
    int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  String readCString() {
    int end = pos;
    while (end < limit && buf[end] != 0) {
      end++;
    }
    if (end >= limit) {
      throw new MalformedMessageException("invalid string in message");
    }
    String s = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
    pos = end + 1;
    return s;
  }

  /** Marks {@code n} bytes as read and returns their offset in {@link #array()}. */
  int skip(int n) {
    need(n);
    int at = pos;
    pos += n;
    return at;
  }

  byte[] array() {
    return buf;
  }

  void expectEnd() {
    if (pos != limit) {
      throw new MalformedMessageException("invalid message format");
    }
  }
}
