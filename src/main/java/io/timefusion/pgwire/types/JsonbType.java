package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.nio.charset.StandardCharsets;

/** jsonb, carried as String; binary is a version byte (1) followed by the JSON text. */
public final class JsonbType extends PgType {
  JsonbType() {
    super(PgTypeId.JSONB);
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    out.writeUtf8(String.valueOf(value));
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    out.writeByte(1);
    writeText(value, out);
  }

  @Override
  public Object readText(String text) {
    return text;
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    if (len < 1 || buf[off] != 1) {
      throw new PgException(SqlState.INVALID_BINARY_REPRESENTATION, "unsupported jsonb version number");
    }
    return new String(buf, off + 1, len - 1, StandardCharsets.UTF_8);
  }
}
