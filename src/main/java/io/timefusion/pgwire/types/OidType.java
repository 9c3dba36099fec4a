package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;

/** oid: an unsigned 32-bit number, carried as Long. */
public final class OidType extends PgType {
  OidType() {
    super(PgTypeId.OID);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeAsciiLong(number(value).longValue() & 0xffffffffL);
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    out.writeInt((int) number(value).longValue());
  }

  @Override
  public Object readText(String text) {
    long v = parseInteger(text, Integer.MIN_VALUE, 0xffffffffL);
    return v & 0xffffffffL;
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    requireLength(len, 4);
    return getInt(buf, off) & 0xffffffffL;
  }
}
