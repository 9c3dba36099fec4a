package io.timefusion.sql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * PostgreSQL's casts to numeric whose display scale depends on the value: float8 and float4 become
 * their 15 ({@code DBL_DIG}) and 6 ({@code FLT_DIG}) significant digits, which PostgreSQL 15 prints
 * with {@code %.*g} and reads back, so trailing zeros go ({@code 0.5::float8::numeric} is 0.5); text
 * keeps the digits it is written with ({@code '1.50'::numeric} is 1.50).
 */
final class PgNumericCasts {
  private static final MathContext FLOAT8_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);
  private static final MathContext FLOAT4_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);

  private PgNumericCasts() {}

  static BigDecimal float8(double v) {
    return significant(v, FLOAT8_DIGITS);
  }

  static BigDecimal float4(float v) {
    return significant(v, FLOAT4_DIGITS);
  }

  /** The number PostgreSQL's numeric_in reads, or null when BigDecimal reads it differently (NaN, Infinity). */
  static BigDecimal text(String v) {
    try {
      BigDecimal d = new BigDecimal(v.strip());
      return d.scale() < 0 ? d.setScale(0) : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** printf's {@code %.Ng} rounds the exact binary value to N digits, half to even, and drops trailing zeros. */
  private static BigDecimal significant(double v, MathContext digits) {
    if (v == 0) return BigDecimal.ZERO;
    BigDecimal d = new BigDecimal(v).round(digits).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }
}
