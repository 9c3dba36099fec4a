package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;

/** int2 (smallint), carried as Short. */
public final class Int2Type extends PgType {
  Int2Type() {
    super(PgTypeId.INT2);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeAsciiLong(number(value).longValue());
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    out.writeShort(number(value).shortValue());
  }

  @Override
  public Object readText(String text) {
    return (short) parseInteger(text, Short.MIN_VALUE, Short.MAX_VALUE);
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 2);
    return getShort(buf, off);
  }
}
