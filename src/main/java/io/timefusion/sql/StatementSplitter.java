package io.timefusion.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query string into its statements at top-level semicolons, as PostgreSQL's lexer would:
 * quoted strings ('…' with '' escapes, E'…' with backslash escapes), quoted identifiers, dollar
 * quotes ($$…$$, $tag$…$tag$), and comments (-- and nested /* *&#47;) are kept whole.
 */
public final class StatementSplitter {
  private StatementSplitter() {}

  /** The statements of {@code sql}, trimmed, without their semicolons; blank statements dropped. */
  public static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == ';') {
        add(out, sql.substring(start, i));
        start = ++i;
      } else {
        i = skipToken(sql, i);
      }
    }
    add(out, sql.substring(start));
    return out;
  }

  /** True when {@code sql} holds nothing but whitespace and comments. */
  public static boolean isBlank(String sql) {
    return firstCodeIndex(sql) == sql.length();
  }

  /** The index of the first character that is neither whitespace nor inside a comment. */
  public static int firstCodeIndex(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (startsComment(sql, i)) {
        i = skipToken(sql, i);
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean startsComment(String sql, int i) {
    return i + 1 < sql.length()
        && ((sql.charAt(i) == '-' && sql.charAt(i + 1) == '-') || (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*'));
  }

  private static void add(List<String> out, String statement) {
    if (!isBlank(statement)) {
      out.add(statement.strip());
    }
  }

  /** Returns the index just past the lexical token starting at {@code i} (one char if plain). */
  static int skipToken(String sql, int i) {
    int n = sql.length();
    char c = sql.charAt(i);
    if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
      int nl = sql.indexOf('\n', i);
      return nl < 0 ? n : nl + 1;
    }
    if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
      int depth = 1;
      int j = i + 2;
      while (j < n && depth > 0) {
        if (sql.startsWith("/*", j)) {
          depth++;
          j += 2;
        } else if (sql.startsWith("*/", j)) {
          depth--;
          j += 2;
        } else {
          j++;
        }
      }
      return j;
    }
    if (c == '\'') {
      boolean backslashes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
          && (i < 2 || !isIdentChar(sql.charAt(i - 2)));
      return skipQuoted(sql, i, '\'', backslashes);
    }
    if (c == '"') {
      return skipQuoted(sql, i, '"', false);
    }
    if (c == '$' && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
      int j = i + 1;
      while (j < n && sql.charAt(j) != '$' && isIdentChar(sql.charAt(j))
          && !(j == i + 1 && Character.isDigit(sql.charAt(j)))) {
        j++;
      }
      if (j < n && sql.charAt(j) == '$') {
        String tag = sql.substring(i, j + 1);
        int close = sql.indexOf(tag, j + 1);
        return close < 0 ? n : close + tag.length();
      }
      return i + 1;
    }
    if (isIdentChar(c)) {
      int j = i + 1;
      while (j < n && isIdentChar(sql.charAt(j)) && sql.charAt(j) != '$') {
        j++;
      }
      return j;
    }
    return i + 1;
  }

  private static int skipQuoted(String sql, int i, char quote, boolean backslashes) {
    int n = sql.length();
    int j = i + 1;
    while (j < n) {
      char c = sql.charAt(j);
      if (backslashes && c == '\\') {
        j += 2;
      } else if (c == quote) {
        if (j + 1 < n && sql.charAt(j + 1) == quote) {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        j++;
      }
    }
    return n;
  }

  private static boolean isIdentChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
