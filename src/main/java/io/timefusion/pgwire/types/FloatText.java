package io.timefusion.pgwire.types;

import java.util.Locale;

/** Reading float4/float8 text as PostgreSQL does; printing is {@link io.timefusion.catalog.PgFloatText}. */
final class FloatText {
  private FloatText() {}

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
