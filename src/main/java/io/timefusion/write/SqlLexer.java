package io.timefusion.write;

import io.timefusion.error.PgException;
import io.timefusion.error.SqlState;

/**
 * Tokenizer over one SQL statement. It keeps only the current token (kind and character range)
 * so the parser walks the statement without allocating a token per value.
 */
final class SqlLexer {
  static final int EOF = 0;
  static final int IDENT = 1; // unquoted identifier or keyword
  static final int QIDENT = 2; // "quoted identifier"
  static final int STRING = 3; // '...', E'...' or $tag$...$tag$; range is the content
  static final int NUMBER = 4;
  static final int PARAM = 5; // $n
  static final int LPAREN = 6;
  static final int RPAREN = 7;
  static final int COMMA = 8;
  static final int SEMI = 9;
  static final int DOT = 10;
  static final int CAST = 11; // ::
  static final int LBRACKET = 12;
  static final int RBRACKET = 13;
  static final int STAR = 14;
  static final int OP = 15; // any other operator character run
  static final int MINUS = 16;
  static final int PLUS = 17;

  /** String token flags. */
  static final int F_QUOTES = 1; // contains '' that must be unescaped
  static final int F_ESCAPES = 2; // E'...' string: backslash escapes
  /** Number token flags. */
  static final int F_DECIMAL = 4; // has '.' or exponent

  final char[] s;
  final int len;
  int pos;
  int type;
  int start;
  int end;
  int flags;

  SqlLexer(String sql) {
    this.s = sql.toCharArray();
    this.len = s.length;
  }

  /** Advances to the next token and returns its kind. */
  int next() {
    skipSpaceAndComments();
    flags = 0;
    if (pos >= len) {
      start = end = len;
      return type = EOF;
    }
    int p = pos;
    char c = s[p];
    start = p;
    switch (c) {
      case '(' -> single(LPAREN);
      case ')' -> single(RPAREN);
      case ',' -> single(COMMA);
      case ';' -> single(SEMI);
      case '[' -> single(LBRACKET);
      case ']' -> single(RBRACKET);
      case '*' -> single(STAR);
      case '\'' -> quoted(p + 1, 0);
      case '"' -> quotedIdent(p + 1);
      case '$' -> dollar(p);
      case ':' -> {
        if (p + 1 < len && s[p + 1] == ':') {
          pos = end = p + 2;
          type = CAST;
        } else operator(p);
      }
      case '.' -> {
        if (p + 1 < len && isDigit(s[p + 1])) number(p);
        else single(DOT);
      }
      default -> {
        if (isDigit(c)) number(p);
        else if ((c == 'e' || c == 'E') && p + 1 < len && s[p + 1] == '\'') quoted(p + 2, F_ESCAPES);
        else if (isIdentStart(c)) ident(p);
        else operator(p);
      }
    }
    return type;
  }

  private void single(int t) {
    type = t;
    pos = end = start + 1;
  }

  private void skipSpaceAndComments() {
    int p = pos;
    while (p < len) {
      char c = s[p];
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        p++;
      } else if (c == '-' && p + 1 < len && s[p + 1] == '-') {
        while (p < len && s[p] != '\n') p++;
      } else if (c == '/' && p + 1 < len && s[p + 1] == '*') {
        int depth = 1; // PostgreSQL block comments nest
        p += 2;
        while (depth > 0) {
          if (p + 1 >= len) throw syntax("unterminated /* comment");
          if (s[p] == '*' && s[p + 1] == '/') {
            depth--;
            p += 2;
          } else if (s[p] == '/' && s[p + 1] == '*') {
            depth++;
            p += 2;
          } else p++;
        }
      } else break;
    }
    pos = p;
  }

  private void quoted(int p, int f) {
    int q = p;
    while (true) {
      if (q >= len) throw syntax("unterminated quoted string");
      char c = s[q];
      if (c == '\'') {
        if (q + 1 < len && s[q + 1] == '\'') {
          f |= F_QUOTES;
          q += 2;
          continue;
        }
        break;
      }
      if (c == '\\' && (f & F_ESCAPES) != 0) q++;
      q++;
    }
    type = STRING;
    flags = f;
    start = p;
    end = q;
    pos = q + 1;
  }

  private void quotedIdent(int p) {
    int q = p;
    while (true) {
      if (q >= len) throw syntax("unterminated quoted identifier");
      if (s[q] == '"') {
        if (q + 1 < len && s[q + 1] == '"') {
          flags = F_QUOTES;
          q += 2;
          continue;
        }
        break;
      }
      q++;
    }
    if (q == p) throw syntax("zero-length delimited identifier");
    type = QIDENT;
    start = p;
    end = q;
    pos = q + 1;
  }

  private void dollar(int p) {
    int q = p + 1;
    if (q < len && isDigit(s[q])) {
      while (q < len && isDigit(s[q])) q++;
      type = PARAM;
      start = p + 1;
      end = pos = q;
      return;
    }
    while (q < len && isIdentPart(s[q]) && s[q] != '$') q++;
    if (q >= len || s[q] != '$') {
      operator(p);
      return;
    }
    int tagLen = q - p + 1; // $tag$
    int body = q + 1;
    for (int i = body; i + tagLen <= len; i++) {
      if (s[i] == '$' && regionEquals(i, p, tagLen)) {
        type = STRING;
        start = body;
        end = i;
        pos = i + tagLen;
        return;
      }
    }
    throw syntax("unterminated dollar-quoted string");
  }

  private boolean regionEquals(int a, int b, int n) {
    for (int i = 0; i < n; i++) if (s[a + i] != s[b + i]) return false;
    return true;
  }

  private void number(int p) {
    int q = p;
    int f = 0;
    while (q < len && isDigit(s[q])) q++;
    if (q < len && s[q] == '.' && !(q + 1 < len && s[q + 1] == '.')) {
      f = F_DECIMAL;
      q++;
      while (q < len && isDigit(s[q])) q++;
    }
    if (q < len && (s[q] == 'e' || s[q] == 'E')) {
      int e = q + 1;
      if (e < len && (s[e] == '+' || s[e] == '-')) e++;
      if (e < len && isDigit(s[e])) {
        f = F_DECIMAL;
        q = e;
        while (q < len && isDigit(s[q])) q++;
      }
    }
    if (q < len && isIdentStart(s[q])) throw syntax("trailing junk after numeric literal at or near \"" + new String(s, p, q + 1 - p) + "\"");
    type = NUMBER;
    flags = f;
    start = p;
    end = pos = q;
  }

  private void ident(int p) {
    int q = p + 1;
    while (q < len && isIdentPart(s[q])) q++;
    type = IDENT;
    start = p;
    end = pos = q;
  }

  private void operator(int p) {
    char c = s[p];
    if (c == '-' || c == '+') {
      type = c == '-' ? MINUS : PLUS;
      pos = end = p + 1;
      return;
    }
    int q = p + 1;
    while (q < len && "+-*/<>=~!@#%^&|`?:".indexOf(s[q]) >= 0) q++;
    type = OP;
    end = pos = q;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c) || c == '$';
  }

  /** Whether the current token is the given keyword (lower case), ignoring case. */
  boolean isKeyword(String kw) {
    if (type != IDENT || end - start != kw.length()) return false;
    for (int i = 0; i < kw.length(); i++) {
      char c = s[start + i];
      if (c >= 'A' && c <= 'Z') c = (char) (c + 32);
      if (c != kw.charAt(i)) return false;
    }
    return true;
  }

  /** The current token's raw text. */
  String text() {
    return new String(s, start, end - start);
  }

  /** The current identifier as PostgreSQL resolves it: unquoted folds to lower case. */
  String identifier() {
    if (type == QIDENT) {
      String t = text();
      return (flags & F_QUOTES) != 0 ? t.replace("\"\"", "\"") : t;
    }
    if (type != IDENT) throw syntax("syntax error at or near \"" + text() + "\"");
    char[] out = new char[end - start];
    for (int i = 0; i < out.length; i++) {
      char c = s[start + i];
      out[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return new String(out);
  }

  /** The current string token's value with its escapes resolved. */
  String stringValue() {
    return stringValue(start, end, flags);
  }

  String stringValue(int from, int to, int f) {
    if ((f & F_ESCAPES) != 0) return unescape(from, to);
    String t = new String(s, from, to - from);
    return (f & F_QUOTES) != 0 ? t.replace("''", "'") : t;
  }

  private String unescape(int from, int to) {
    StringBuilder b = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = s[i];
      if (c == '\'' ) { // '' inside E'...'
        b.append('\'');
        i++;
        continue;
      }
      if (c != '\\' || i + 1 >= to) {
        b.append(c);
        continue;
      }
      char e = s[++i];
      switch (e) {
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'x' -> {
          int v = 0, n = 0;
          while (n < 2 && i + 1 < to && Character.digit(s[i + 1], 16) >= 0) {
            v = v * 16 + Character.digit(s[++i], 16);
            n++;
          }
          if (n == 0) b.append('x');
          else appendCodePoint(b, v);
        }
        case 'u', 'U' -> {
          int digits = e == 'u' ? 4 : 8;
          if (i + digits >= to) throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "invalid Unicode escape");
          int v = 0;
          for (int k = 0; k < digits; k++) {
            int d = Character.digit(s[++i], 16);
            if (d < 0) throw new PgException(SqlState.INVALID_PARAMETER_VALUE, "invalid Unicode escape");
            v = v * 16 + d;
          }
          appendCodePoint(b, v);
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int v = e - '0', n = 1;
            while (n < 3 && i + 1 < to && s[i + 1] >= '0' && s[i + 1] <= '7') {
              v = v * 8 + (s[++i] - '0');
              n++;
            }
            appendCodePoint(b, v);
          } else b.append(e);
        }
      }
    }
    return b.toString();
  }

  private static void appendCodePoint(StringBuilder b, int v) {
    if (v == 0) throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid byte sequence for encoding \"UTF8\": 0x00");
    b.appendCodePoint(v);
  }

  PgException syntax(String message) {
    return new PgException(SqlState.SYNTAX_ERROR, message);
  }

  /** PostgreSQL's message for an unexpected token. */
  PgException unexpected() {
    if (type == EOF) return syntax("syntax error at end of input");
    return syntax("syntax error at or near \"" + text() + "\"");
  }
}
