package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;

/** bool: text 't'/'f', binary one byte. */
public final class BoolType extends PgType {
  BoolType() {
    super(PgTypeId.BOOL);
  }

  private static boolean value(Object v) {
    return v instanceof Boolean b ? b : v instanceof Number n ? n.longValue() != 0 : "t".equals(v) || "true".equals(v);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeByte(value(value) ? 't' : 'f');
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    out.writeByte(value(value) ? 1 : 0);
  }

  @Override
  public Object readText(String text) {
    return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "t", "tr", "tru", "true", "y", "ye", "yes", "on", "1" -> Boolean.TRUE;
      case "f", "fa", "fal", "fals", "false", "n", "no", "of", "off", "0" -> Boolean.FALSE;
      default -> throw invalidText(text);
    };
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 1);
    return buf[off] != 0;
  }
}
