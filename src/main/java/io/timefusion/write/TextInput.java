package io.timefusion.write;

import io.timefusion.error.SqlState;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's input functions for the column types: text (a range of characters) to the stored
 * value, without allocating on the common paths. Errors carry PostgreSQL's messages.
 */
final class TextInput {
  static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private TextInput() {}

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }

  // ---- integers ----

  /** int4 / int8 input: optional whitespace and sign, decimal digits. */
  static long parseInt(char[] s, int from, int to, boolean int4) {
    String type = int4 ? "integer" : "bigint";
    int i = from, e = to;
    while (i < e && isSpace(s[i])) i++;
    while (e > i && isSpace(s[e - 1])) e--;
    boolean neg = false;
    if (i < e && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i >= e) throw ValueException.syntax(type, new String(s, from, to - from));
    long v = 0; // accumulated negatively so that Long.MIN_VALUE fits
    for (; i < e; i++) {
      char c = s[i];
      if (c < '0' || c > '9') throw ValueException.syntax(type, new String(s, from, to - from));
      int d = c - '0';
      if (v < (Long.MIN_VALUE + d) / 10) throw ValueException.range(type, new String(s, from, to - from));
      v = v * 10 - d;
    }
    if (!neg) {
      if (v == Long.MIN_VALUE) throw ValueException.range(type, new String(s, from, to - from));
      v = -v;
    }
    if (int4 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
      throw ValueException.range(type, new String(s, from, to - from));
    }
    return v;
  }

  // ---- float8 ----

  /** float8 input, exact: a fast path for short decimals, else {@link Double#parseDouble}. */
  static double parseFloat8(char[] s, int from, int to) {
    int i = from, e = to;
    while (i < e && isSpace(s[i])) i++;
    while (e > i && isSpace(s[e - 1])) e--;
    int p = i;
    boolean neg = false;
    if (p < e && (s[p] == '-' || s[p] == '+')) neg = s[p++] == '-';
    long mant = 0;
    int digits = 0, scale = 0;
    boolean dot = false, simple = p < e, sawDigit = false;
    for (; p < e; p++) {
      char c = s[p];
      if (c >= '0' && c <= '9') {
        sawDigit = true;
        if (digits < 18) {
          mant = mant * 10 + (c - '0');
          if (mant != 0) digits++;
          if (dot) scale++;
        } else {
          simple = false;
          break;
        }
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        simple = false;
        break;
      }
    }
    if (simple && sawDigit && mant < (1L << 53) && scale <= 22) {
      double d = scale == 0 ? (double) mant : mant / POW10[scale];
      return neg ? -d : d;
    }
    String t = new String(s, i, e - i);
    String lower = t.toLowerCase();
    switch (lower) {
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      case "infinity", "inf", "+infinity", "+inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-infinity", "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {}
    }
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
        throw ValueException.syntax("double precision", new String(s, from, to - from));
      }
    }
    double d;
    try {
      d = Double.parseDouble(t);
    } catch (NumberFormatException ex) {
      throw ValueException.syntax("double precision", new String(s, from, to - from));
    }
    if (Double.isInfinite(d)) {
      throw new ValueException(
          SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "\"" + t + "\" is out of range for type double precision", null);
    }
    return d;
  }

  // ---- boolean ----

  /** boolean input: t/true/yes/on/1 and f/false/no/off/0 and their unique prefixes, any case. */
  static boolean parseBool(char[] s, int from, int to) {
    int i = from, e = to;
    while (i < e && isSpace(s[i])) i++;
    while (e > i && isSpace(s[e - 1])) e--;
    int n = e - i;
    if (n > 0) {
      if (prefixOf(s, i, n, "true") || prefixOf(s, i, n, "yes") || (n >= 2 && prefixOf(s, i, n, "on"))) return true;
      if (prefixOf(s, i, n, "false") || prefixOf(s, i, n, "no") || (n >= 2 && prefixOf(s, i, n, "off"))) return false;
      if (n == 1 && s[i] == '1') return true;
      if (n == 1 && s[i] == '0') return false;
    }
    throw ValueException.syntax("boolean", new String(s, from, to - from));
  }

  private static boolean prefixOf(char[] s, int i, int n, String word) {
    if (n > word.length()) return false;
    for (int k = 0; k < n; k++) if (Character.toLowerCase(s[i + k]) != word.charAt(k)) return false;
    return true;
  }

  // ---- date / timestamp ----

  /** timestamptz (or timestamp, whose zone is ignored) input, as microseconds since the epoch UTC. */
  static long parseTimestamp(char[] s, int from, int to, boolean withZone) {
    String type = withZone ? "timestamp with time zone" : "timestamp without time zone";
    long r = parseDateTime(s, from, to, withZone, type);
    if (r == Long.MIN_VALUE) throw ValueException.syntax(type, new String(s, from, to - from));
    return r;
  }

  /** date input (a time part, if any, is checked and ignored), as days since the epoch. */
  static int parseDate(char[] s, int from, int to) {
    long r = parseDateTime(s, from, to, false, "date");
    if (r == Long.MIN_VALUE) throw ValueException.syntax("date", new String(s, from, to - from));
    return (int) Math.floorDiv(r, MICROS_PER_DAY);
  }

  /** Returns micros since the epoch, or Long.MIN_VALUE on a syntax error. */
  private static long parseDateTime(char[] s, int from, int to, boolean withZone, String type) {
    int i = from, e = to;
    while (i < e && isSpace(s[i])) i++;
    while (e > i && isSpace(s[e - 1])) e--;
    if (i < e && !Character.isDigit(s[i])) return special(s, i, e);
    int p = i;
    int y0 = p;
    long year = 0;
    while (p < e && s[p] >= '0' && s[p] <= '9' && p - y0 < 6) year = year * 10 + (s[p++] - '0');
    if (p - y0 < 4 || p >= e || s[p] != '-') return Long.MIN_VALUE;
    p++;
    int m0 = p, month = 0;
    while (p < e && s[p] >= '0' && s[p] <= '9' && p - m0 < 2) month = month * 10 + (s[p++] - '0');
    if (p == m0 || p >= e || s[p] != '-') return Long.MIN_VALUE;
    p++;
    int d0 = p, day = 0;
    while (p < e && s[p] >= '0' && s[p] <= '9' && p - d0 < 2) day = day * 10 + (s[p++] - '0');
    if (p == d0) return Long.MIN_VALUE;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw new ValueException(
          SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + new String(s, from, to - from) + "\"", null);
    }
    long micros = daysFromCivil(year, month, day) * MICROS_PER_DAY;
    if (p == e) return micros;
    if (s[p] == 'T' || s[p] == 't' || s[p] == ' ') p++;
    else return Long.MIN_VALUE;
    while (p < e && s[p] == ' ') p++;
    int h0 = p, hour = 0;
    while (p < e && s[p] >= '0' && s[p] <= '9' && p - h0 < 2) hour = hour * 10 + (s[p++] - '0');
    if (p == h0 || p >= e || s[p] != ':') return Long.MIN_VALUE;
    p++;
    int minute = twoDigits(s, p, e);
    if (minute < 0) return Long.MIN_VALUE;
    p += 2;
    int second = 0;
    long frac = 0;
    if (p < e && s[p] == ':') {
      second = twoDigits(s, p + 1, e);
      if (second < 0) return Long.MIN_VALUE;
      p += 3;
      if (p < e && s[p] == '.') {
        p++;
        int f0 = p;
        while (p < e && s[p] >= '0' && s[p] <= '9') {
          int n = p - f0;
          if (n < 6) frac = frac * 10 + (s[p] - '0');
          else if (n == 6 && s[p] >= '5') frac++; // PostgreSQL rounds to microseconds
          p++;
        }
        for (int n = Math.min(p - f0, 6); n < 6; n++) frac *= 10;
      }
    }
    if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute > 0 || second > 0 || frac > 0))) {
      throw new ValueException(
          SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + new String(s, from, to - from) + "\"", null);
    }
    micros += ((hour * 60L + minute) * 60L + second) * 1_000_000L + frac;
    while (p < e && s[p] == ' ') p++;
    if (p == e) return micros;
    long offsetSeconds;
    char c = s[p];
    if (c == 'Z' || c == 'z') {
      offsetSeconds = 0;
      p++;
    } else if (e - p == 3 && (prefixOf(s, p, 3, "utc") || prefixOf(s, p, 3, "gmt"))) {
      offsetSeconds = 0;
      p += 3;
    } else if (c == '+' || c == '-') {
      p++;
      int oh = 0, o0 = p;
      while (p < e && s[p] >= '0' && s[p] <= '9' && p - o0 < 2) oh = oh * 10 + (s[p++] - '0');
      if (p == o0) return Long.MIN_VALUE;
      int om = 0, os = 0;
      if (p < e) {
        if (s[p] == ':') p++;
        om = twoDigits(s, p, e);
        if (om < 0) return Long.MIN_VALUE;
        p += 2;
        if (p < e) {
          if (s[p] == ':') p++;
          os = twoDigits(s, p, e);
          if (os < 0) return Long.MIN_VALUE;
          p += 2;
        }
      }
      if (oh > 15 || om > 59 || os > 59) {
        throw new ValueException(
            SqlState.INVALID_DATETIME_FORMAT, "time zone displacement out of range: \"" + new String(s, from, to - from) + "\"", null);
      }
      offsetSeconds = (oh * 3600L + om * 60L + os) * (c == '-' ? -1 : 1);
    } else return Long.MIN_VALUE;
    if (p != e) return Long.MIN_VALUE;
    return withZone ? micros - offsetSeconds * 1_000_000L : micros;
  }

  private static long special(char[] s, int i, int e) {
    int n = e - i;
    if (prefixOf(s, i, n, "epoch") && n == 5) return 0;
    long now = System.currentTimeMillis() * 1000L;
    if (n == 3 && prefixOf(s, i, n, "now")) return now;
    long today = Math.floorDiv(now, MICROS_PER_DAY) * MICROS_PER_DAY;
    if (n == 5 && prefixOf(s, i, n, "today")) return today;
    if (n == 8 && prefixOf(s, i, n, "tomorrow")) return today + MICROS_PER_DAY;
    if (n == 9 && prefixOf(s, i, n, "yesterday")) return today - MICROS_PER_DAY;
    return Long.MIN_VALUE;
  }

  private static int twoDigits(char[] s, int p, int e) {
    if (p + 1 >= e) return -1;
    char a = s[p], b = s[p + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
    return (a - '0') * 10 + (b - '0');
  }

  private static int daysInMonth(long y, int m) {
    return switch (m) {
      case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  static long daysFromCivil(long y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  // ---- json ----

  /**
   * Checks that the range is exactly one JSON value (RFC 8259, as PostgreSQL's json input reads
   * it); the text itself is stored as given. One pass over the characters, no allocation unless
   * the value is invalid or nests deeper than 64 levels.
   */
  static void validateJson(char[] s, int from, int to) {
    boolean[] stack = null; // true = object; needed only past 64 levels
    long shallow = 0; // bit d set = level d is an object, for the first 64 levels
    int depth = 0;
    int i = skipJsonSpace(s, from, to);
    while (true) {
      // a value
      if (i >= to) throw jsonEnd();
      char c = s[i];
      if (c == '{' || c == '[') {
        boolean object = c == '{';
        if (depth < 64) {
          shallow = object ? shallow | (1L << depth) : shallow & ~(1L << depth);
        } else {
          if (stack == null) stack = new boolean[64];
          else if (depth - 64 >= stack.length) stack = java.util.Arrays.copyOf(stack, stack.length * 2);
          stack[depth - 64] = object;
        }
        depth++;
        i = skipJsonSpace(s, i + 1, to);
        if (i < to && s[i] == (object ? '}' : ']')) {
          depth--;
          i++;
        } else if (object) {
          i = jsonKey(s, i, to);
          continue;
        } else continue;
      } else if (c == '"') {
        i = jsonString(s, i, to);
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        i = jsonNumber(s, i, to);
      } else if (c == 't') {
        i = jsonWord(s, i, to, "true");
      } else if (c == 'f') {
        i = jsonWord(s, i, to, "false");
      } else if (c == 'n') {
        i = jsonWord(s, i, to, "null");
      } else throw jsonToken(s, i, to);
      // after a value: close containers or move to the next element
      while (true) {
        i = skipJsonSpace(s, i, to);
        if (depth == 0) {
          if (i < to) throw jsonSyntax("Expected end of input, but found \"" + jsonTokenText(s, i, to) + "\".");
          return;
        }
        boolean object = depth <= 64 ? (shallow & (1L << (depth - 1))) != 0 : stack[depth - 65];
        if (i >= to) throw jsonEnd();
        char d = s[i];
        if (d == ',') {
          i = skipJsonSpace(s, i + 1, to);
          if (object) i = jsonKey(s, i, to);
          break;
        }
        if (d == (object ? '}' : ']')) {
          depth--;
          i++;
          continue;
        }
        throw jsonSyntax("Expected \",\" or \"" + (object ? '}' : ']') + "\", but found \"" + jsonTokenText(s, i, to) + "\".");
      }
    }
  }

  private static int skipJsonSpace(char[] s, int i, int to) {
    while (i < to) {
      char c = s[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
      i++;
    }
    return i;
  }

  /** A member name and its colon; returns where the member's value starts. */
  private static int jsonKey(char[] s, int i, int to) {
    if (i >= to) throw jsonEnd();
    if (s[i] != '"') throw jsonSyntax("Expected string, but found \"" + jsonTokenText(s, i, to) + "\".");
    i = skipJsonSpace(s, jsonString(s, i, to), to);
    if (i >= to) throw jsonEnd();
    if (s[i] != ':') throw jsonSyntax("Expected \":\", but found \"" + jsonTokenText(s, i, to) + "\".");
    return skipJsonSpace(s, i + 1, to);
  }

  /** A string starting at the quote at i; returns the index after its closing quote. */
  private static int jsonString(char[] s, int i, int to) {
    int start = i++;
    while (i < to) {
      char c = s[i++];
      if (c == '"') return i;
      if (c == '\\') {
        if (i >= to) break;
        char e = s[i++];
        if (e == 'u') {
          for (int k = 0; k < 4; k++, i++) {
            if (i >= to) throw jsonEnd();
            if (Character.digit(s[i], 16) < 0) throw jsonSyntax("\"\\u\" must be followed by four hexadecimal digits.");
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw jsonSyntax("Escape sequence \"\\" + e + "\" is invalid.");
        }
      } else if (c < 0x20) {
        throw jsonSyntax("Character with value 0x" + String.format("%02x", (int) c) + " must be escaped.");
      }
    }
    throw jsonSyntax("Token \"" + new String(s, start, to - start) + "\" is invalid.");
  }

  private static int jsonNumber(char[] s, int i, int to) {
    int start = i;
    if (s[i] == '-') i++;
    if (i < to && s[i] == '0') i++;
    else if (i < to && s[i] >= '1' && s[i] <= '9') while (i < to && s[i] >= '0' && s[i] <= '9') i++;
    else throw jsonToken(s, start, to);
    if (i < to && s[i] == '.') {
      int f = ++i;
      while (i < to && s[i] >= '0' && s[i] <= '9') i++;
      if (i == f) throw jsonToken(s, start, to);
    }
    if (i < to && (s[i] == 'e' || s[i] == 'E')) {
      i++;
      if (i < to && (s[i] == '+' || s[i] == '-')) i++;
      int f = i;
      while (i < to && s[i] >= '0' && s[i] <= '9') i++;
      if (i == f) throw jsonToken(s, start, to);
    }
    if (i < to && isJsonWordChar(s[i])) throw jsonToken(s, start, to);
    return i;
  }

  private static int jsonWord(char[] s, int i, int to, String word) {
    int n = word.length();
    if (to - i < n || (i + n < to && isJsonWordChar(s[i + n]))) throw jsonToken(s, i, to);
    for (int k = 0; k < n; k++) if (s[i + k] != word.charAt(k)) throw jsonToken(s, i, to);
    return i + n;
  }

  private static boolean isJsonWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '+' || c == '-' || c >= 0x80;
  }

  private static String jsonTokenText(char[] s, int i, int to) {
    int e = i + 1;
    if (isJsonWordChar(s[i])) while (e < to && isJsonWordChar(s[e])) e++;
    return new String(s, i, e - i);
  }

  private static ValueException jsonToken(char[] s, int i, int to) {
    return jsonSyntax("Token \"" + jsonTokenText(s, i, to) + "\" is invalid.");
  }

  private static ValueException jsonEnd() {
    return jsonSyntax("The input string ended unexpectedly.");
  }

  private static ValueException jsonSyntax(String detail) {
    return new ValueException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json", detail);
  }

  // ---- uuid ----

  /** uuid input (with or without hyphens, optionally in braces), returned in canonical form. */
  static String parseUuid(char[] s, int from, int to) {
    int i = from, e = to;
    while (i < e && isSpace(s[i])) i++;
    while (e > i && isSpace(s[e - 1])) e--;
    if (e - i >= 2 && s[i] == '{' && s[e - 1] == '}') {
      i++;
      e--;
    }
    char[] out = new char[36];
    int n = 0;
    for (int p = i; p < e; p++) {
      char c = Character.toLowerCase(s[p]);
      if (c == '-' && n % 4 == 0 && n > 0 && p + 1 < e) continue;
      if (n >= 32 || Character.digit(c, 16) < 0) throw ValueException.syntax("uuid", new String(s, from, to - from));
      out[n + (n >= 20 ? 4 : n >= 16 ? 3 : n >= 12 ? 2 : n >= 8 ? 1 : 0)] = c;
      n++;
    }
    if (n != 32) throw ValueException.syntax("uuid", new String(s, from, to - from));
    out[8] = out[13] = out[18] = out[23] = '-';
    return new String(out);
  }

  // ---- arrays ----

  /**
   * One-dimensional array input ({@code {a,b,"c d",NULL}}): the elements as text, null for NULL.
   */
  static List<String> parseArray(char[] s, int from, int to) {
    int i = from, e = to;
    while (i < e && isSpace(s[i])) i++;
    while (e > i && isSpace(s[e - 1])) e--;
    if (i >= e || s[i] != '{' || s[e - 1] != '}') throw malformedArray(s, from, to, "Array value must start with \"{\" or dimension information.");
    List<String> out = new ArrayList<>();
    int p = i + 1;
    int end = e - 1;
    while (p < end && isSpace(s[p])) p++;
    if (p == end) return out;
    StringBuilder b = new StringBuilder();
    while (true) {
      while (p < end && isSpace(s[p])) p++;
      b.setLength(0);
      boolean quoted = false;
      if (p < end && s[p] == '"') {
        quoted = true;
        p++;
        while (true) {
          if (p >= end) throw malformedArray(s, from, to, "Unexpected end of input.");
          char c = s[p++];
          if (c == '"') break;
          if (c == '\\') {
            if (p >= end) throw malformedArray(s, from, to, "Unexpected end of input.");
            c = s[p++];
          }
          b.append(c);
        }
        while (p < end && isSpace(s[p])) p++;
      } else {
        int lastNonSpace = -1;
        while (p < end && s[p] != ',') {
          char c = s[p++];
          if (c == '{' || c == '}' || c == '"') throw malformedArray(s, from, to, "Unexpected \"" + c + "\" character.");
          if (c == '\\') {
            if (p >= end) throw malformedArray(s, from, to, "Unexpected end of input.");
            c = s[p++];
            b.append(c);
            lastNonSpace = b.length();
            continue;
          }
          b.append(c);
          if (!isSpace(c)) lastNonSpace = b.length();
        }
        b.setLength(Math.max(lastNonSpace, 0));
        if (b.isEmpty()) throw malformedArray(s, from, to, "Unexpected \",\" character.");
      }
      String v = b.toString();
      out.add(!quoted && v.equalsIgnoreCase("null") ? null : v);
      if (p >= end) break;
      if (s[p] != ',') throw malformedArray(s, from, to, "Unexpected array element.");
      p++;
    }
    return out;
  }

  private static ValueException malformedArray(char[] s, int from, int to, String detail) {
    return new ValueException(
        SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + new String(s, from, to - from) + "\"", detail);
  }
}
