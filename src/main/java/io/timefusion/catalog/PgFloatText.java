package io.timefusion.catalog;

/**
 * How PostgreSQL 12+ prints float4 and float8 (extra_float_digits 1, the default): the shortest
 * digits that read back to the same value (which Java's toString also finds), laid out like C's
 * {@code %g} with the type's precision: {@code 1500000}, {@code 1e+20}, {@code 1e-05}, {@code NaN},
 * {@code -Infinity}. The wire encoders and the SQL functions that turn floats into text
 * ({@code io.timefusion.query.PgFunctions}) print the same.
 */
public final class PgFloatText {
  /** The exponents from which %g switches to scientific notation: float8's and float4's precision. */
  private static final int FLOAT8_PRECISION = 15;
  private static final int FLOAT4_PRECISION = 6;

  private PgFloatText() {}

  public static String float8(double d) {
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
    return layout(d < 0 || (d == 0 && 1 / d < 0), Double.toString(Math.abs(d)), FLOAT8_PRECISION);
  }

  public static String float4(float f) {
    if (Float.isNaN(f)) return "NaN";
    if (Float.isInfinite(f)) return f > 0 ? "Infinity" : "-Infinity";
    return layout(f < 0 || (f == 0 && 1 / f < 0), Float.toString(Math.abs(f)), FLOAT4_PRECISION);
  }

  /** {@code javaString} is Float/Double.toString of the absolute value; {@code precision} 6 or 15. */
  private static String layout(boolean negative, String javaString, int precision) {
    int ePos = javaString.indexOf('E');
    String mantissa = ePos < 0 ? javaString : javaString.substring(0, ePos);
    int exp = ePos < 0 ? 0 : Integer.parseInt(javaString.substring(ePos + 1));
    int dot = mantissa.indexOf('.');
    String intPart = dot < 0 ? mantissa : mantissa.substring(0, dot);
    String fracPart = dot < 0 ? "" : mantissa.substring(dot + 1);
    String digits = intPart + fracPart;
    int point = intPart.length() + exp; // decimal point position within digits
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
      point--;
    }
    int end = digits.length();
    while (end > start + 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(start, end);
    StringBuilder out = new StringBuilder(digits.length() + 8);
    if (negative) out.append('-');
    if (digits.equals("0")) return out.append('0').toString();
    int sciExp = point - 1;
    if (sciExp >= -4 && sciExp < precision) {
      if (point <= 0) {
        out.append("0.");
        for (int i = 0; i < -point; i++) out.append('0');
        out.append(digits);
      } else if (point >= digits.length()) {
        out.append(digits);
        for (int i = digits.length(); i < point; i++) out.append('0');
      } else {
        out.append(digits, 0, point).append('.').append(digits, point, digits.length());
      }
    } else {
      out.append(digits.charAt(0));
      if (digits.length() > 1) out.append('.').append(digits, 1, digits.length());
      out.append('e').append(sciExp < 0 ? '-' : '+');
      int abs = Math.abs(sciExp);
      if (abs < 10) out.append('0');
      out.append(abs);
    }
    return out.toString();
  }
}
