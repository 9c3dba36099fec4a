package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgFloatText;
import io.timefusion.catalog.PgTypeId;

/** float4 (real), carried as Float. */
public final class Float4Type extends PgType {
  Float4Type() {
    super(PgTypeId.FLOAT4);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeUtf8(PgFloatText.float4(number(value).floatValue()));
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    out.writeInt(Float.floatToIntBits(number(value).floatValue()));
  }

  @Override
  public Object readText(String text) {
    Double special = FloatText.special(text);
    if (special != null) {
      return special.floatValue();
    }
    String s = text.strip();
    if (!FloatText.looksNumeric(s)) {
      throw invalidText(text);
    }
    try {
      float f = Float.parseFloat(s);
      if (Float.isInfinite(f)) {
        throw outOfRange(text);
      }
      return f;
    } catch (NumberFormatException e) {
      throw invalidText(text);
    }
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 4);
    return Float.intBitsToFloat(getInt(buf, off));
  }
}
