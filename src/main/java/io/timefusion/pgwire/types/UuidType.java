package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import java.util.UUID;

/** uuid, carried as java.util.UUID; binary is the 16 bytes. */
public final class UuidType extends PgType {
  UuidType() {
    super(PgTypeId.UUID);
  }

  private static UUID uuid(Object value) {
    return value instanceof UUID u ? u : UUID.fromString(value.toString());
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeUtf8(uuid(value).toString());
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    UUID u = uuid(value);
    out.writeLong(u.getMostSignificantBits()).writeLong(u.getLeastSignificantBits());
  }

  @Override
  public Object readText(String text) {
    // PostgreSQL accepts upper case, braces, and hyphens after any group of four digits.
    String s = text.strip();
    if (s.startsWith("{") && s.endsWith("}")) {
      s = s.substring(1, s.length() - 1);
    }
    StringBuilder hex = new StringBuilder(32);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.digit(c, 16) >= 0) {
        hex.append(c);
      } else if (c != '-' || i == 0 || hex.length() % 4 != 0) {
        throw invalidText(text);
      }
    }
    if (hex.length() != 32) {
      throw invalidText(text);
    }
    long msb = Long.parseUnsignedLong(hex, 0, 16, 16);
    long lsb = Long.parseUnsignedLong(hex, 16, 32, 16);
    return new UUID(msb, lsb);
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 16);
    return new UUID(getLong(buf, off), getLong(buf, off + 8));
  }
}
