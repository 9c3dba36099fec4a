package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;

/**
 * One PostgreSQL type: its catalog identity (OID, array OID, typlen), taken from {@link PgTypeId},
 * and how its values are read from and written to the wire in text and binary format. Values are
 * the Java objects {@link io.timefusion.sql.SqlSession} documents.
 */
public abstract class PgType {
  private final String name;
  private final int oid;
  private final int arrayOid;
  private final int typlen;

  protected PgType(PgTypeId id) {
    this(id.displayName(), id.oid(), id.arrayOid(), id.typlen());
  }

  /** For types derived from another (arrays), which have no {@link PgTypeId} of their own. */
  PgType(String name, int oid, int arrayOid, int typlen) {
    this.name = name;
    this.oid = oid;
    this.arrayOid = arrayOid;
    this.typlen = typlen;
  }

  public final String name() {
    return name;
  }

  public final int oid() {
    return oid;
  }

  /** The OID of the one-dimensional array of this type; 0 when there is none. */
  public final int arrayOid() {
    return arrayOid;
  }

  /** pg_type.typlen: the fixed size in bytes, -1 for variable length, -2 for C strings. */
  public final int typlen() {
    return typlen;
  }

  public abstract void writeText(Object value, WireBuffer out);

  public abstract void writeBinary(Object value, WireBuffer out);

  public abstract Object readText(String text);

  public abstract Object readBinary(byte[] buf, int off, int len);

  @Override
  public String toString() {
    return name;
  }

  protected final PgException invalidText(String text) {
    return new PgException(
        SqlState.INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type " + name + ": \"" + text + "\"");
  }

  protected final PgException outOfRange(String text) {
    return new PgException(
        SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
        "value \"" + text + "\" is out of range for type " + name);
  }

  protected final void requireLength(int len, int expected) {
    if (len != expected) {
      throw new PgException(
          SqlState.INVALID_BINARY_REPRESENTATION,
          "incorrect binary data format for type " + name + ": " + len + " bytes, expected " + expected);
    }
  }

  protected static short getShort(byte[] b, int off) {
    return (short) (((b[off] & 0xff) << 8) | (b[off + 1] & 0xff));
  }

  protected static int getInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }

  protected static long getLong(byte[] b, int off) {
    return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xffffffffL);
  }

  /** Parses a decimal integer within [min, max], with PostgreSQL's errors. */
  protected final long parseInteger(String text, long min, long max) {
    String s = text.strip();
    long v;
    try {
      v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      if (!s.isEmpty() && s.chars().skip(s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0).allMatch(Character::isDigit)
          && s.length() > 1) {
        throw outOfRange(text);
      }
      throw invalidText(text);
    }
    if (v < min || v > max) {
      throw outOfRange(text);
    }
    return v;
  }

  protected static Number number(Object value) {
    if (value instanceof Number n) {
      return n;
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return new java.math.BigDecimal(value.toString().strip());
  }
}
