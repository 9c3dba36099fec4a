package io.timefusion.pgwire.types;

import java.util.Locale;

/**
 * PostgreSQL 12+ text for float4/float8: the shortest digits that read back to the same value
 * (which Java's toString also produces), laid out like C's %g with the type's precision.
 */
final class FloatText {
  private FloatText() {}

  /** {@code javaString} is Float/Double.toString of the absolute value; {@code precision} 6 or 15. */
  static void write(boolean negative, String javaString, int precision, WireBuffer out) {
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
    if (negative) {
      out.writeByte('-');
    }
    if (digits.equals("0")) {
      out.writeByte('0');
      return;
    }
    int sciExp = point - 1;
    if (sciExp >= -4 && sciExp < precision) {
      if (point <= 0) {
        out.writeByte('0').writeByte('.');
        for (int i = 0; i < -point; i++) {
          out.writeByte('0');
        }
        out.writeUtf8(digits);
      } else if (point >= digits.length()) {
        out.writeUtf8(digits);
        for (int i = digits.length(); i < point; i++) {
          out.writeByte('0');
        }
      } else {
        out.writeUtf8(digits.substring(0, point)).writeByte('.').writeUtf8(digits.substring(point));
      }
    } else {
      out.writeByte(digits.charAt(0));
      if (digits.length() > 1) {
        out.writeByte('.').writeUtf8(digits.substring(1));
      }
      out.writeByte('e').writeByte(sciExp < 0 ? '-' : '+');
      int abs = Math.abs(sciExp);
      if (abs < 10) {
        out.writeByte('0');
      }
      out.writeAsciiLong(abs);
    }
  }

  /** Special values first; returns null when {@code text} is an ordinary number to parse. */
  static Double special(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "infinity", "+infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-infinity", "-inf" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  static boolean looksNumeric(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
