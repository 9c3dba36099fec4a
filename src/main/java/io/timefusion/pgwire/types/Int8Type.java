package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;

/** int8 (bigint), carried as Long. */
public final class Int8Type extends PgType {
  Int8Type() {
    super(PgTypeId.INT8);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeAsciiLong(number(value).longValue());
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    out.writeLong(number(value).longValue());
  }

  @Override
  public Object readText(String text) {
    return parseInteger(text, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 8);
    return getLong(buf, off);
  }
}
