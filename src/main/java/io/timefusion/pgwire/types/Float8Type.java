package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgFloatText;
import io.timefusion.catalog.PgTypeId;

/** float8 (double precision), carried as Double. */
public final class Float8Type extends PgType {
  Float8Type() {
    super(PgTypeId.FLOAT8);
  }

  static void writeDouble(double d, WireBuffer out) {
    if (d == (long) d && Math.abs(d) < 1e15 && !(d == 0 && 1 / d < 0)) {
      out.writeAsciiLong((long) d);
    } else {
      out.writeUtf8(PgFloatText.float8(d));
    }
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    writeDouble(number(value).doubleValue(), out);
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    out.writeLong(Double.doubleToLongBits(number(value).doubleValue()));
  }

  @Override
  public Object readText(String text) {
    Double special = FloatText.special(text);
    if (special != null) {
      return special;
    }
    String s = text.strip();
    if (!FloatText.looksNumeric(s)) {
      throw invalidText(text);
    }
    try {
      double d = Double.parseDouble(s);
      if (Double.isInfinite(d)) {
        throw outOfRange(text);
      }
      return d;
    } catch (NumberFormatException e) {
      throw invalidText(text);
    }
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 8);
    return Double.longBitsToDouble(getLong(buf, off));
  }
}
