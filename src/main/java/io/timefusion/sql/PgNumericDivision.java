package io.timefusion.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * PostgreSQL's numeric division ({@code numeric_div}): the exact quotient rounded half away from
 * zero at the display scale {@code select_div_scale} chooses, which gives at least 16 significant
 * digits and never fewer fractional digits than either operand has. {@code AVG} of integers is
 * this division of the sum by the count, so {@code avg} of 1 to 4 is {@code 2.5000000000000000}
 * and {@code avg(1)} is {@code 1.00000000000000000000}.
 */
final class PgNumericDivision {
  /** NUMERIC_MIN_SIG_DIGITS: a quotient is no less precise than a float8. */
  private static final int MIN_SIG_DIGITS = 16;
  /** DEC_DIGITS: PostgreSQL stores numerics as base-10000 digits of four decimal digits. */
  private static final int DEC_DIGITS = 4;
  /** NUMERIC_MAX_DISPLAY_SCALE. */
  private static final int MAX_DISPLAY_SCALE = 1000;

  private PgNumericDivision() {}

  /** {@code dividend / divisor} as PostgreSQL computes it for numerics; the scale is its display scale. */
  static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
    if (divisor.signum() == 0) throw new ArithmeticException("division by zero");
    return dividend.divide(divisor, scale(dividend, divisor), RoundingMode.HALF_UP);
  }

  /**
   * select_div_scale: estimates the quotient's weight (its leading base-10000 digit position) from
   * the operands' leading base-10000 digits, assuming the dividend is the smaller when those digits
   * are equal, and keeps {@link #MIN_SIG_DIGITS} decimal digits from there.
   */
  static int scale(BigDecimal dividend, BigDecimal divisor) {
    int qweight = weight(dividend) - weight(divisor);
    if (firstDigit(dividend) <= firstDigit(divisor)) qweight--;
    int scale = MIN_SIG_DIGITS - qweight * DEC_DIGITS;
    scale = Math.max(scale, Math.max(dividend.scale(), 0));
    scale = Math.max(scale, Math.max(divisor.scale(), 0));
    return Math.min(scale, MAX_DISPLAY_SCALE);
  }

  /** The power of 10000 of the leading base-10000 digit; 0 for zero, as PostgreSQL takes it. */
  private static int weight(BigDecimal v) {
    if (v.signum() == 0) return 0;
    int exponent = v.precision() - v.scale() - 1; // |v| is in [10^exponent, 10^(exponent+1))
    return Math.floorDiv(exponent, DEC_DIGITS);
  }

  /** The leading base-10000 digit of |v| (1 to 9999); 0 for zero. */
  private static int firstDigit(BigDecimal v) {
    if (v.signum() == 0) return 0;
    return v.abs().movePointLeft(weight(v) * DEC_DIGITS).setScale(0, RoundingMode.DOWN).intValueExact();
  }
}
