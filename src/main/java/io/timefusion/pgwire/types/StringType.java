package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import java.nio.charset.StandardCharsets;

/**
 * The character types (text, varchar, bpchar, name), json and unknown: UTF-8 text, the same bytes
 * in either format.
 */
public final class StringType extends PgType {
  StringType(PgTypeId id) {
    super(id);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeUtf8(value instanceof CharSequence cs ? cs : String.valueOf(value));
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    writeText(value, out);
  }

  @Override
  public Object readText(String text) {
    return text;
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    return new String(buf, off, len, StandardCharsets.UTF_8);
  }
}
