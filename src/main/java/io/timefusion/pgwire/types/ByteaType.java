package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** bytea, carried as byte[]; text output is the hex format {@code \x0102}. */
public final class ByteaType extends PgType {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  ByteaType() {
    super(PgTypeId.BYTEA);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    byte[] b = (byte[]) value;
    out.writeByte('\\').writeByte('x');
    for (byte x : b) {
      out.writeByte(HEX[(x >> 4) & 0xf]).writeByte(HEX[x & 0xf]);
    }
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    out.writeBytes((byte[]) value);
  }

  @Override
  public Object readText(String text) {
    if (text.startsWith("\\x")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 2);
      int i = 2;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
          continue;
        }
        int hi = Character.digit(c, 16);
        int lo = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw invalidText(text);
        }
        out.write(hi << 4 | lo);
        i += 2;
      }
      return out.toByteArray();
    }
    // The traditional escape format: backslash-escaped octets, everything else literal.
    byte[] raw = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] out = new byte[raw.length];
    int n = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != '\\') {
        out[n++] = raw[i];
      } else if (i + 1 < raw.length && raw[i + 1] == '\\') {
        out[n++] = '\\';
        i++;
      } else if (i + 3 < raw.length + 0 && isOctal(raw[i + 1]) && isOctal(raw[i + 2]) && isOctal(raw[i + 3])) {
        out[n++] = (byte) ((raw[i + 1] - '0') << 6 | (raw[i + 2] - '0') << 3 | (raw[i + 3] - '0'));
        i += 3;
      } else {
        throw invalidText(text);
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static boolean isOctal(byte b) {
    return b >= '0' && b <= '7';
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    return Arrays.copyOfRange(buf, off, off + len);
  }
}
