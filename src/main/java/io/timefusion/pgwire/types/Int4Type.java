package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;

/** int4 (integer), carried as Integer. */
public final class Int4Type extends PgType {
  Int4Type() {
    super(PgTypeId.INT4);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeAsciiLong(number(value).longValue());
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    out.writeInt(number(value).intValue());
  }

  @Override
  public Object readText(String text) {
    return (int) parseInteger(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 4);
    return getInt(buf, off);
  }
}
