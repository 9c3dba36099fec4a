package io.timefusion.pgwire.types;

import io.timefusion.catalog.PgTypeId;
import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;
import java.math.BigDecimal;
import java.math.BigInteger;

/** numeric, carried as BigDecimal; binary is PostgreSQL's base-10000 digit format. */
public final class NumericType extends PgType {
  private static final int NEGATIVE = 0x4000;
  private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10000);

  NumericType() {
    super(PgTypeId.NUMERIC);
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return new BigDecimal(value.toString());
    }
    return new BigDecimal(value.toString().strip());
  }

  @Override
  public void writeText(Object value, WireBuffer out) {
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      Float8Type.writeDouble(d, out);
      return;
    }
    out.writeUtf8(decimal(value).toPlainString());
  }

  @Override
  public void writeBinary(Object value, WireBuffer out) {
    BigDecimal v = decimal(value);
    if (v.scale() < 0) {
      v = v.setScale(0);
    }
    int dscale = v.scale();
    String digits = v.unscaledValue().abs().toString();
    int intLen = digits.length() - dscale;
    StringBuilder intDigits = new StringBuilder(intLen > 0 ? digits.substring(0, intLen) : "");
    StringBuilder fracDigits = new StringBuilder();
    if (intLen < 0) {
      fracDigits.append("0".repeat(-intLen));
    }
    fracDigits.append(intLen > 0 ? digits.substring(intLen) : digits);
    while (intDigits.length() % 4 != 0) {
      intDigits.insert(0, '0');
    }
    while (fracDigits.length() % 4 != 0) {
      fracDigits.append('0');
    }
    int weight = intDigits.length() / 4 - 1;
    String all = intDigits.append(fracDigits).toString();
    int groups = all.length() / 4;
    int first = 0;
    int last = groups;
    while (first < last && all.startsWith("0000", first * 4)) {
      first++;
      weight--;
    }
    while (last > first && all.startsWith("0000", (last - 1) * 4)) {
      last--;
    }
    int ndigits = last - first;
    out.writeShort(ndigits).writeShort(ndigits == 0 ? 0 : weight);
    out.writeShort(v.signum() < 0 ? NEGATIVE : 0).writeShort(dscale);
    for (int g = first; g < last; g++) {
      out.writeShort(Integer.parseInt(all, g * 4, g * 4 + 4, 10));
    }
  }

  @Override
  public Object readText(String text) {
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw invalidText(text);
    }
  }

  @Override
  public Object readBinary(byte[] buf, int off, int len) {
    if (len < 8) {
      requireLength(len, 8);
    }
    int ndigits = getShort(buf, off);
    int weight = getShort(buf, off + 2);
    int sign = getShort(buf, off + 4) & 0xffff;
    int dscale = getShort(buf, off + 6);
    if (sign != 0 && sign != NEGATIVE) {
      throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "numeric NaN and infinity are not supported");
    }
    requireLength(len, 8 + 2 * ndigits);
    BigInteger unscaled = BigInteger.ZERO;
    for (int i = 0; i < ndigits; i++) {
      unscaled = unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf(getShort(buf, off + 8 + 2 * i)));
    }
    BigDecimal v = new BigDecimal(unscaled, -4 * (weight - ndigits + 1));
    v = v.setScale(Math.max(dscale, 0), java.math.RoundingMode.HALF_UP);
    return sign == NEGATIVE ? v.negate() : v;
  }
}
