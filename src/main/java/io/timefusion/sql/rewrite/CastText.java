package io.timefusion.sql.rewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the text of a cast says that DuckDB's tree drops: {@code float} (double precision in
 * PostgreSQL, a 4-byte FLOAT in DuckDB's tree, as are real, float4 and float(1-24)), and a
 * {@code varchar}'s name and length, a {@code numeric}'s precision. Read at the cast's location:
 * {@code x::type} or {@code CAST(x AS type)}.
 */
final class CastText {
  private CastText() {}

  /** Makes every cast to {@code float} without a precision a cast to DOUBLE, before any other rewrite. */
  static void floatIsDouble(JsonNode node, byte[] source) {
    if (node instanceof ObjectNode o && o.path("class").asText().equals("CAST")
        && o.path("cast_type").path("id").asText().equals("FLOAT")) {
      int i = typeStart(o, source);
      if (i >= 0 && isWordAt(source, i, "float")) {
        int after = skipSpace(source, i + "float".length());
        // float(p): DuckDB sized it already
        if (after >= source.length || source[after] != '(') ((ObjectNode) o.path("cast_type")).put("id", "DOUBLE");
      }
    }
    for (JsonNode child : node) if (child.isContainerNode()) floatIsDouble(child, source);
  }

  /** Whether the cast's type is written {@code varchar} or {@code character varying}; then where its rest begins, else -1. */
  static int afterVarchar(JsonNode cast, byte[] source) {
    int i = typeStart(cast, source);
    if (i < 0) return -1;
    if (isWordAt(source, i, "varchar")) return i + "varchar".length();
    if (!isWordAt(source, i, "character")) return -1;
    i = skipSpace(source, i + "character".length());
    return isWordAt(source, i, "varying") ? i + "varying".length() : -1;
  }

  /**
   * Where the type name of the cast {@code e} starts in its text ({@code x::type}, {@code CAST(x AS
   * type)}, {@code TRY_CAST(...)}), or -1 when the text there is no cast.
   */
  static int typeStart(JsonNode e, byte[] source) {
    JsonNode at = e.path("query_location");
    if (!at.canConvertToLong() || at.asLong() < 0 || at.asLong() >= source.length) return -1;
    int i = (int) at.asLong();
    if (source[i] == ':' && i + 1 < source.length && source[i + 1] == ':') return skipSpace(source, i + 2);
    String word = isWordAt(source, i, "cast") ? "cast" : isWordAt(source, i, "try_cast") ? "try_cast" : null;
    if (word == null) return -1;
    int open = skipSpace(source, i + word.length());
    if (open >= source.length || source[open] != '(') return -1;
    int depth = 0;
    for (i = open; i < source.length; i = skipQuotedOrComment(source, i) + 1) {
      byte b = source[i];
      if (b == '(') {
        depth++;
      } else if (b == ')') {
        if (--depth == 0) return -1;
      } else if (depth == 1 && !isIdentifierByte(source[i - 1]) && isWordAt(source, i, "as")) {
        return skipSpace(source, i + 2);
      }
    }
    return -1;
  }

  /**
   * The last index of the string, quoted name or comment that starts at {@code i} (a doubled quote
   * stays inside), or {@code i} itself when none starts there.
   */
  private static int skipQuotedOrComment(byte[] src, int i) {
    byte c = src[i];
    if (c == '\'' || c == '"') {
      i++;
      while (i < src.length && !(src[i] == c && (i + 1 >= src.length || src[i + 1] != c))) i += src[i] == c ? 2 : 1;
    } else if (c == '-' && i + 1 < src.length && src[i + 1] == '-') {
      while (i < src.length && src[i] != '\n') i++;
    } else if (c == '/' && i + 1 < src.length && src[i + 1] == '*') {
      i += 2;
      while (i + 1 < src.length && !(src[i] == '*' && src[i + 1] == '/')) i++;
      i++;
    }
    return i;
  }

  private static boolean isIdentifierByte(byte b) {
    return Character.isLetterOrDigit(b) || b == '_';
  }

  static int skipSpace(byte[] source, int i) {
    while (i < source.length && Character.isWhitespace(source[i])) i++;
    return i;
  }

  /** Whether {@code word} (lower case) starts at {@code i}, not followed by more of an identifier. */
  static boolean isWordAt(byte[] source, int i, String word) {
    if (i + word.length() > source.length) return false;
    for (int k = 0; k < word.length(); k++) {
      if (Character.toLowerCase((char) source[i + k]) != word.charAt(k)) return false;
    }
    int next = i + word.length();
    return next == source.length || !isIdentifierByte(source[next]);
  }
}
